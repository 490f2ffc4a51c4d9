import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Deeper than any body this API accepts; deeper input is refused before it is walked recursively. */
const MAX_BODY_DEPTH = 8;

/** Flattens nested validation errors into `{ field: 'roles.0', reasons: [...] }` entries. */
export function validationDetails(errors: ValidationError[], prefix = ''): Array<{ field: string; reasons: string[] }> {
  return errors.flatMap((error) => {
    const field = prefix + error.property;
    const own = error.constraints
      ? [{ field, reasons: Object.values(error.constraints).map((reason) => reason.replace(/^property /, '')) }]
      : [];
    return [...own, ...validationDetails(error.children ?? [], `${field}.`)];
  });
}

function invalidBody(reason: string): BadRequestException {
  return new BadRequestException({ message: 'validation failed', details: [{ field: 'body', reasons: [reason] }] });
}

/** Depth of a parsed JSON value, measured without recursion (so hostile nesting cannot overflow the stack). */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_BODY_DEPTH) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Strict input: a body must be a JSON object of modest depth; unknown fields are a 400 (never
 * silently dropped), and the error names every field with its reasons.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalidBody('body must be a JSON object');
      }
      if (depthOf(value) > MAX_BODY_DEPTH) throw invalidBody('body is nested too deeply');
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new BadRequestException({ message: 'validation failed', details: validationDetails(errors) }),
  });
}
