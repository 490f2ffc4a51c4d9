/** The one shape every error response has. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** For validation errors: each offending field and why. */
  details?: Array<{ field: string; reasons: string[] }>;
  traceId?: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function errorBody(
  statusCode: number,
  message: string,
  traceId: string | undefined,
  details?: ErrorBody['details'],
): ErrorBody {
  return {
    statusCode,
    error: REASONS[statusCode] ?? (statusCode >= 500 ? 'Server Error' : 'Client Error'),
    message,
    ...(details ? { details } : {}),
    ...(traceId ? { traceId } : {}),
  };
}
