import type { LogLine, LogQueryRequest } from '../model/logs';
import type { TraceLayout } from './layout-types';

/** Log lines are looked for this long either side of the trace: a service logs a little before and after its spans. */
const MARGIN_MS = 60_000;
const LIMIT = 500;

const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
const escapeString = (text: string) => JSON.stringify(text).slice(1, -1);

/**
 * The LogQL query for a trace's log lines: the trace's services' streams, lines containing the
 * trace id (Loki's `|=` line filter; the demo fleet answers the same subset, demo/fleet/logql.ts),
 * over the trace's time plus a minute either side.
 */
export function traceLogQuery(layout: Pick<TraceLayout, 'traceId' | 'start' | 'duration' | 'services'>): Pick<LogQueryRequest, 'query' | 'start' | 'end' | 'limit'> {
  const services = layout.services.length > 0 ? layout.services.map(escapeRegex).join('|') : '.+';
  const query = `{service=~"${escapeString(services)}"} |= "${escapeString(layout.traceId)}"`;
  const startMs = Math.floor(layout.start / 1000) - MARGIN_MS;
  const endMs = Math.ceil((layout.start + layout.duration) / 1000) + MARGIN_MS;
  return { query, start: startMs, end: endMs, limit: LIMIT };
}

/** What the detail pane says about the trace's logs; "none" only once a query has answered with none. */
export type TraceLogsState =
  | { state: 'loading' }
  | { state: 'none' }
  | { state: 'lines'; lines: LogLine[] }
  | { state: 'failed'; reason: string };

/**
 * The answer turned into what the detail shows: the lines that belong to the trace (a line
 * that names another trace id only matched the text filter by chance), oldest first.
 */
export function traceLogsFrom(traceId: string, answer: { lines: readonly LogLine[] } | { error: string }): TraceLogsState {
  if ('error' in answer) return { state: 'failed', reason: answer.error };
  const id = traceId.toLowerCase();
  const lines = answer.lines.filter((line) => line.traceId === undefined || line.traceId.toLowerCase() === id || line.traceId.toLowerCase().endsWith(id) || id.endsWith(line.traceId.toLowerCase()));
  if (lines.length === 0) return { state: 'none' };
  return { state: 'lines', lines: [...lines].sort((a, b) => a.time - b.time) };
}

/** The lines a span wrote: its service and, when the line names one, its span id. */
export function spanLogLines(lines: readonly LogLine[], service: string, spanId: string | undefined): LogLine[] {
  return lines.filter((line) => (line.service === undefined || line.service === service) && (line.spanId === undefined || spanId === undefined || line.spanId === spanId));
}

/** The recorded series the span detail reads for the service's RED numbers at a moment (shared/rules/lockstep-rules.ts). */
export function redQueries(service: string): { rate: string; errors: string; p95: string } {
  const s = escapeString(service);
  return {
    rate: `service:http_server_requests:rate1m{service="${s}"}`,
    errors: `service:http_server_errors:ratio_rate1m{service="${s}"}`,
    p95: `service:http_server_request_duration_seconds:p95_rate1m{service="${s}"}`,
  };
}

/** The sample nearest to `atMs` of the first series, or undefined when there is none within `toleranceMs`. */
export function valueAt(series: readonly { times: readonly number[]; values: readonly (number | null)[] }[], atMs: number, toleranceMs: number): number | undefined {
  let best: number | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const s of series.slice(0, 1)) {
    for (let i = 0; i < s.times.length; i += 1) {
      const v = s.values[i];
      const d = Math.abs(s.times[i]! - atMs);
      if (v !== null && v !== undefined && Number.isFinite(v) && d < bestDistance) {
        best = v;
        bestDistance = d;
      }
    }
  }
  return bestDistance <= toleranceMs ? best : undefined;
}
