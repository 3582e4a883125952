import { z } from 'zod';
import { renderLine, streamLabels } from '../fleet/log-store';
import { labelsMatch, LogQueryError, parseLogQuery, runLogQuery } from '../fleet/logql';
import type { Fleet } from '../fleet/fleet';
import { json, text, type Reply } from './reply';

const QUERY = z.object({
  query: z.string().min(1).max(4000),
  start: z.string().optional(),
  end: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(100),
  direction: z.enum(['forward', 'backward']).default('backward'),
});

/** Loki accepts ns epochs, second epochs (with fraction) and RFC 3339; returns epoch ms. */
export function parseLokiTime(value: string): number | undefined {
  if (/^\d{16,}$/.test(value)) return Number(BigInt(value) / 1_000_000n);
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** GET /loki/api/v1/query_range with a LogQL subset, and the label APIs; errors as plain text, like Loki. */
export function lokiApi(fleet: Fleet, path: string, params: URLSearchParams): Reply | undefined {
  if (path === '/loki/api/v1/labels' || path === '/loki/api/v1/series' || path.startsWith('/loki/api/v1/label/')) return lokiLabels(fleet, path, params);
  if (path !== '/loki/api/v1/query_range') return undefined;
  const parsed = QUERY.safeParse(Object.fromEntries(params));
  if (!parsed.success) return text(400, `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const q = parsed.data;
  const end = q.end !== undefined ? parseLokiTime(q.end) : fleet.time;
  const start = q.start !== undefined ? parseLokiTime(q.start) : (end ?? fleet.time) - 3_600_000;
  if (end === undefined || start === undefined) return text(400, 'invalid start or end: use a nanosecond epoch, a second epoch or RFC 3339');
  if (end < start) return text(400, 'invalid query, through < from');
  let lines;
  try {
    lines = runLogQuery(fleet.logs.lines(), parseLogQuery(q.query), { startMs: start, endMs: end, limit: q.limit, direction: q.direction });
  } catch (e) {
    if (e instanceof LogQueryError) return text(400, e.message);
    throw e;
  }
  const streams = new Map<string, { stream: Record<string, string>; values: Array<[string, string]> }>();
  for (const l of lines) {
    const labels = streamLabels(l);
    const key = JSON.stringify(labels);
    let s = streams.get(key);
    if (!s) {
      s = { stream: labels, values: [] };
      streams.set(key, s);
    }
    s.values.push([l.nanos, renderLine(l)]);
  }
  return json(200, { status: 'success', data: { resultType: 'streams', result: [...streams.values()], stats: {} } });
}

/**
 * `/labels`, `/label/{name}/values` and `/series?match[]=…`: the label names, one
 * label's values, and the distinct label sets of the stored lines in [start, end].
 */
function lokiLabels(fleet: Fleet, path: string, params: URLSearchParams): Reply {
  const end = params.has('end') ? parseLokiTime(params.get('end')!) : fleet.time;
  const start = params.has('start') ? parseLokiTime(params.get('start')!) : (end ?? fleet.time) - 3_600_000;
  if (end === undefined || start === undefined) return text(400, 'invalid start or end: use a nanosecond epoch, a second epoch or RFC 3339');
  let selectors;
  try {
    selectors = params.getAll('match[]').map(parseLogQuery);
  } catch (e) {
    if (e instanceof LogQueryError) return text(400, e.message);
    throw e;
  }
  if (path === '/loki/api/v1/series' && selectors.length === 0) return text(400, 'at least one match[] argument is required');
  const sets = new Map<string, Record<string, string>>();
  for (const l of fleet.logs.lines()) {
    if (l.time < start || l.time > end) continue;
    const labels = streamLabels(l);
    if (selectors.length > 0 && !selectors.some((sel) => labelsMatch(labels, sel.matchers))) continue;
    sets.set(JSON.stringify(labels), labels);
  }
  if (path === '/loki/api/v1/series') return json(200, { status: 'success', data: [...sets.values()] });
  const name = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(path)?.[1];
  if (path !== '/loki/api/v1/labels' && name === undefined) return text(404, '404 page not found');
  const found = new Set<string>();
  for (const labels of sets.values()) {
    if (name === undefined) for (const key of Object.keys(labels)) found.add(key);
    else if (labels[decodeURIComponent(name)] !== undefined) found.add(labels[decodeURIComponent(name)]!);
  }
  return json(200, { status: 'success', data: [...found].sort() });
}
