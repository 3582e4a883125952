import { describe, expect, it } from 'vitest';
import type { LogLine } from '../model/logs';
import { redQueries, spanLogLines, traceLogQuery, traceLogsFrom, valueAt } from './trace-logs';

const line = (time: number, extra: Partial<LogLine> = {}): LogLine => ({ time, level: 'info', message: `m${time}`, labels: {}, ...extra });

describe('the trace\'s log lines', () => {
  it('asks for the trace\'s services\' lines that carry its id, a minute either side', () => {
    const q = traceLogQuery({ traceId: 'abc123', start: 1_700_000_000_000_000, duration: 2_500_000, services: ['lock-service', 'app.gateway'] });
    expect(q).toEqual({ query: '{service=~"lock-service|app\\\\.gateway"} |= "abc123"', start: 1_700_000_000_000 - 60_000, end: 1_700_000_002_500 + 60_000, limit: 500 });
  });

  it('says none only after an answer with none, and the reason on failure', () => {
    expect(traceLogsFrom('abc', { lines: [] })).toEqual({ state: 'none' });
    expect(traceLogsFrom('abc', { error: 'Loki at http://loki:3100 answered 502' })).toEqual({ state: 'failed', reason: 'Loki at http://loki:3100 answered 502' });
    // A line naming another trace matched the text filter by chance and is left out; the rest oldest first.
    expect(traceLogsFrom('abc', { lines: [line(3, { traceId: 'abc' }), line(1), line(2, { traceId: 'fffabcd' })] })).toEqual({ state: 'lines', lines: [line(1), line(3, { traceId: 'abc' })] });
    // 64-bit and 128-bit forms of one id are the same trace.
    expect(traceLogsFrom('00000000000000000000000000000abc', { lines: [line(1, { traceId: 'ABC' })] }).state).toBe('lines');
  });

  it('picks a span\'s own lines by service and span id', () => {
    const lines = [line(1, { service: 'a', spanId: 's1' }), line(2, { service: 'a' }), line(3, { service: 'b' }), line(4, { service: 'a', spanId: 's2' })];
    expect(spanLogLines(lines, 'a', 's1').map((l) => l.time)).toEqual([1, 2]);
  });
});

describe('RED numbers at a moment', () => {
  it('reads the recorded series for the service, escaped', () => {
    expect(redQueries('lock"svc')).toEqual({
      rate: 'service:http_server_requests:rate1m{service="lock\\"svc"}',
      errors: 'service:http_server_errors:ratio_rate1m{service="lock\\"svc"}',
      p95: 'service:http_server_request_duration_seconds:p95_rate1m{service="lock\\"svc"}',
    });
  });

  it('takes the nearest sample within the tolerance', () => {
    const series = [{ times: [1000, 2000, 3000], values: [1, null, 3] }];
    expect(valueAt(series, 1900, 1000)).toBe(1);
    expect(valueAt(series, 2600, 1000)).toBe(3);
    expect(valueAt(series, 9000, 1000)).toBeUndefined();
    expect(valueAt([], 0, 1000)).toBeUndefined();
  });
});
