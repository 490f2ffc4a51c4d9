import { buildJourney, LogLine, parseLines, renderJourney, selectTraceIds } from './journey';

const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const E = 'e-1';
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
const event = { event_id: E, event_type: 'UserCreated', user_id: 'u-1', version: 1 };

function registration(): LogLine[] {
  return [
    { time: at(0), msg: 'Request received', trace_id: T, method: 'POST', url: '/api/v1/auth/register' },
    { time: at(200), msg: 'Event stored', trace_id: T, ...event },
    { time: at(201), msg: 'Command handled', trace_id: T, command: 'RegisterUserCommand', outcome: 'ok' },
    { time: at(202), msg: 'Request completed', trace_id: T, status: 201 },
    { time: at(205), msg: 'Event published', trace_id: T, ...event },
    { time: at(209), msg: 'UserCreated event received', trace_id: T, ...event },
    { time: at(215), msg: 'Read model updated successfully', trace_id: T, ...event },
    { time: at(210), msg: 'Welcome email sent', trace_id: T, ...event },
    { time: at(100), msg: 'Request received', trace_id: 'other-trace' },
  ];
}

describe('journey', () => {
  it('orders the hops by time and measures the request to the read-model update', () => {
    const journey = buildJourney(registration(), T);
    expect(journey.hops.map((hop) => hop.line.msg)).toEqual([
      'Request received',
      'Event stored',
      'Command handled',
      'Request completed',
      'Event published',
      'UserCreated event received',
      'Welcome email sent',
      'Read model updated successfully',
    ]);
    expect(journey.hops.map((hop) => hop.sincePreviousMs)).toEqual([0, 200, 1, 1, 3, 4, 1, 5]);
    expect(journey.totalMs).toBe(215);
    expect(journey.missing).toEqual([]);
    expect(renderJourney(journey)).toContain('complete: every expected hop is there');
  });

  it('names the hop that is missing: published but never applied', () => {
    const lines = registration().filter((line) => line.msg !== 'Read model updated successfully');
    const journey = buildJourney(lines, T);
    expect(journey.missing).toEqual([
      'Read model updated successfully: event e-1 (UserCreated v1) was never applied to the read model',
    ]);
    expect(renderJourney(journey)).toContain('MISSING Read model updated successfully');
  });

  it('names an event that was stored but never published, nor anything after', () => {
    const lines = registration().filter((line) =>
      ['Request received', 'Event stored', 'Request completed'].includes(line.msg),
    );
    expect(buildJourney(lines, T).missing).toHaveLength(4);
  });

  it('notices a request that never answered', () => {
    expect(buildJourney([{ time: at(0), msg: 'Request received', trace_id: T }], T).missing).toEqual([
      'Request completed: the request never answered',
    ]);
  });

  it('finds traces by trace id, event id or user id', () => {
    const lines = registration();
    expect(selectTraceIds(lines, { traceId: T })).toEqual([T]);
    expect(selectTraceIds(lines, { eventId: E })).toEqual([T]);
    expect(selectTraceIds(lines, { userId: 'u-1' })).toEqual([T]);
    expect(selectTraceIds(lines, { userId: 'nobody' })).toEqual([]);
  });

  it('reads JSON lines and ignores everything else', () => {
    const text = [
      'not json',
      JSON.stringify(registration()[0]),
      '{"broken',
      JSON.stringify({ msg: 'no time' }),
      '',
    ].join('\n');
    expect(parseLines(text)).toHaveLength(1);
  });
});
