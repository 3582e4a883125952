import type { TraceSearchRequest, TraceSummary } from '../../../../shared/model/trace-search';
import { parseDurationText } from '../../../../shared/trace/duration-text';
import { formatMicros } from '../../panels/format';

/** The search form as typed: strings, checked only when the person searches. */
export interface TraceSearchForm {
  source: string;
  service: string;
  operation: string;
  /** `key=value` pairs separated by spaces; a value with spaces in double quotes; `key` alone: present with any value. */
  tags: string;
  minDuration: string;
  maxDuration: string;
  /** One of LOOKBACKS' values, or 'custom'. */
  lookback: string;
  customLookback: string;
  limit: string;
}

export const LOOKBACKS: ReadonlyArray<{ value: string; label: string }> = [
  { value: '15m', label: 'Last 15 minutes' },
  { value: '1h', label: 'Last hour' },
  { value: '3h', label: 'Last 3 hours' },
  { value: '6h', label: 'Last 6 hours' },
  { value: '12h', label: 'Last 12 hours' },
  { value: '1d', label: 'Last day' },
  { value: '2d', label: 'Last 2 days' },
  { value: '7d', label: 'Last 7 days' },
  { value: 'custom', label: 'Custom…' },
];

export const emptyForm = (): TraceSearchForm => ({
  source: '',
  service: '',
  operation: '',
  tags: '',
  minDuration: '',
  maxDuration: '',
  lookback: '1h',
  customLookback: '',
  limit: '20',
});

const SPAN_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "250ms", "1.5s", "300us", "2m" → microseconds (shared/trace/duration-text.ts); undefined when it is not a duration of zero or more. */
export function parseDurationUs(text: string): number | undefined {
  const parsed = parseDurationText(text);
  return parsed.ok ? parsed.us : undefined;
}

/** "15m", "6h", "2d", "1w" → milliseconds. */
export function parseLookbackMs(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$/i.exec(text);
  if (!match) return undefined;
  const value = Math.round(Number(match[1]) * SPAN_MS[match[2]!.toLowerCase()]!);
  return value > 0 ? value : undefined;
}

/** `http.status_code=500 error=true "user id"="a b"` → tags; a word it cannot read is the error. */
export function parseTags(text: string): { tags: Record<string, string> } | { error: string } {
  const tags: Record<string, string> = {};
  const token = /\s*(?:"([^"]*)"|([^\s="]+))(?:=(?:"([^"]*)"|([^\s"]*)))?/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    token.lastIndex = at;
    const match = token.exec(text);
    if (!match || match[0].trim() === '') return { error: `The tags could not be read at "${text.slice(at).trim().slice(0, 40)}": write key=value pairs separated by spaces, with "quotes" around a value that has spaces.` };
    const key = (match[1] ?? match[2] ?? '').trim();
    if (!key) return { error: 'A tag has an empty name: write key=value.' };
    tags[key] = match[3] ?? match[4] ?? '';
    at = token.lastIndex;
  }
  if (Object.keys(tags).length > 20) return { error: 'At most 20 tags can be searched at once.' };
  return { tags };
}

/** The form as a request, or the one sentence saying which field is wrong and how to write it. */
export function buildSearchRequest(form: TraceSearchForm, now: number): { request: TraceSearchRequest } | { error: string } {
  const tags = parseTags(form.tags);
  if ('error' in tags) return tags;
  const min = form.minDuration.trim() ? parseDurationUs(form.minDuration) : undefined;
  if (form.minDuration.trim() && min === undefined) return { error: `The minimum duration "${form.minDuration.trim()}" is not a duration: write e.g. 250ms, 1.5s or 300us.` };
  const max = form.maxDuration.trim() ? parseDurationUs(form.maxDuration) : undefined;
  if (form.maxDuration.trim() && (max === undefined || max === 0)) return { error: `The maximum duration "${form.maxDuration.trim()}" is not a duration above zero: write e.g. 2s.` };
  if (min !== undefined && max !== undefined && min > max) return { error: 'The minimum duration is above the maximum: no trace can match.' };
  const lookbackText = form.lookback === 'custom' ? form.customLookback : form.lookback;
  const lookbackMs = parseLookbackMs(lookbackText);
  if (lookbackMs === undefined) return { error: `The lookback "${lookbackText.trim()}" is not a time span: write e.g. 30m, 6h or 2d.` };
  if (lookbackMs > 30 * 86_400_000) return { error: 'The lookback is at most 30 days.' };
  const limit = Number(form.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return { error: `The limit "${form.limit}" must be a whole number from 1 to 1000.` };
  return {
    request: {
      ...(form.source ? { source: form.source } : {}),
      ...(form.service.trim() ? { service: form.service.trim() } : {}),
      ...(form.operation.trim() ? { operation: form.operation.trim() } : {}),
      tags: tags.tags,
      ...(min !== undefined && min > 0 ? { minDurationUs: min } : {}),
      ...(max !== undefined ? { maxDurationUs: max } : {}),
      end: now,
      lookbackMs,
      limit,
      sort: 'recent',
    },
  };
}

/** What was searched, in words, for the empty state and the progress line. */
export function describeSearch(request: TraceSearchRequest, sourceName: string | undefined): string {
  const parts = [request.service ? `service ${request.service}` : 'all services'];
  if (request.operation) parts.push(`operation ${request.operation}`);
  const tags = Object.entries(request.tags ?? {});
  if (tags.length) parts.push(`tags ${tags.map(([k, v]) => (v ? `${k}=${v}` : k)).join(' ')}`);
  if (request.minDurationUs !== undefined) parts.push(`at least ${formatMicros(request.minDurationUs)}`);
  if (request.maxDurationUs !== undefined) parts.push(`at most ${formatMicros(request.maxDurationUs)}`);
  parts.push(`in the last ${lookbackWords(request.lookbackMs ?? 3_600_000)}`);
  return `${parts.join(', ')}${sourceName ? ` on ${sourceName}` : ''}`;
}

function lookbackWords(ms: number): string {
  for (const [unit, size, word] of [['d', 86_400_000, 'day'], ['h', 3_600_000, 'hour'], ['m', 60_000, 'minute']] as const) {
    void unit;
    if (ms % size === 0) {
      const n = ms / size;
      return n === 1 ? word : `${n} ${word}s`;
    }
  }
  return `${Math.round(ms / 1000)} seconds`;
}

export type ResultColumn = 'start' | 'root' | 'duration' | 'spans' | 'services' | 'errors';
export interface ResultSort {
  column: ResultColumn;
  descending: boolean;
}

const VALUE: Record<ResultColumn, (t: TraceSummary) => number | string> = {
  start: (t) => t.start,
  root: (t) => `${t.rootService ?? ''}\u0000${t.rootOperation ?? ''}`,
  duration: (t) => t.duration,
  spans: (t) => t.spanCount ?? -1,
  services: (t) => t.services.length,
  errors: (t) => t.errorCount ?? -1,
};

/** The results in the table's order; ties keep the newest first, then the trace id, so the order never flickers. */
export function sortResults(list: readonly TraceSummary[], sort: ResultSort): TraceSummary[] {
  const value = VALUE[sort.column];
  const sign = sort.descending ? -1 : 1;
  return [...list].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return c * sign || b.start - a.start || a.traceId.localeCompare(b.traceId);
  });
}

/** A new column sorts in its most useful direction (longest, most, newest first); the same column flips. */
export function nextSort(current: ResultSort, column: ResultColumn): ResultSort {
  if (current.column === column) return { column, descending: !current.descending };
  return { column, descending: column !== 'root' };
}
