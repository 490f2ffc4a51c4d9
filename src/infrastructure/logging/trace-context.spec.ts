import {
  currentTraceId,
  formatTraceparent,
  runWithTrace,
  traceIdFromRequestId,
  traceIdFromTraceparent,
} from './trace-context';

describe('trace context', () => {
  it('takes the trace id of a valid W3C traceparent', () => {
    expect(traceIdFromTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBe(
      '0af7651916cd43dd8448eb211c80319c',
    );
  });

  it.each(['', 'garbage', '00-0af7651916cd43dd8448eb211c80319c-01', `00-${'0'.repeat(32)}-b7ad6b7169203331-01`])(
    'ignores a malformed or all-zero traceparent: %p',
    (header) => expect(traceIdFromTraceparent(header)).toBeUndefined(),
  );

  it('accepts an X-Request-Id shaped like a trace id or a UUID', () => {
    expect(traceIdFromRequestId('0AF7651916CD43DD8448EB211C80319C')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(traceIdFromRequestId('0af76519-16cd-43dd-8448-eb211c80319c')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(traceIdFromRequestId('req-42')).toBeUndefined();
  });

  it('carries the trace id across async hops, and only inside the run', async () => {
    expect(currentTraceId()).toBeUndefined();
    const seen = await runWithTrace('0af7651916cd43dd8448eb211c80319c', async (trace) => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(formatTraceparent(trace)).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
      return currentTraceId();
    });
    expect(seen).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(currentTraceId()).toBeUndefined();
  });
});
