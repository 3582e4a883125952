import type { Alert, LogLine, QueryResult, TimelineEvent, Trace } from '../../shared';
import type { SourceSet } from '../datasources/source-set';
import { errorMessage } from '../util/errors';
import { mapBounded } from './bounded';
import type { ProgressReporter } from './export-progress';

/**
 * 1,000 traces: on the real stack a 30-minute incident's log lines and exemplars named 552
 * (2.2 MB of file), so 500 left 52 log links that could not open; the span cap is what bounds
 * the file's size.
 */
export const MAX_EXPORT_TRACES = 1_000;
export const MAX_EXPORT_SPANS = 200_000;
/** Trace fetches in flight at once: quick without flooding a trace backend that is part of the incident. */
const TRACE_CONCURRENCY = 8;

const TRACE_ID = /\b(?:[0-9a-f]{32}|[0-9a-f]{16})\b/gi;

function idsIn(text: string): string[] {
  return (text.match(TRACE_ID) ?? []).map((id) => id.toLowerCase());
}

/** Trace ids in alerts' labels and annotations and the timeline's data whose name says trace (`trace_id`, `traceID`, `exemplar_trace`…). */
function idsInRecords(records: readonly (Record<string, string> | undefined)[]): string[] {
  return records.flatMap((r) => Object.entries(r ?? {}).flatMap(([key, value]) => (/trace/i.test(key) ? idsIn(value) : [])));
}

export interface TraceReferences {
  /** Referenced by alerts, exemplars or the timeline: few, and each one chosen by someone or something, so all go first. */
  pinned: string[];
  /** Referenced by log lines, with the time of the first line naming each, oldest first. */
  fromLogs: { id: string; at: number }[];
}

export function traceReferences(input: { alerts: readonly Alert[]; timeline: readonly TimelineEvent[]; panelData: readonly QueryResult[]; logs: readonly LogLine[] }): TraceReferences {
  const pinned = new Set<string>([
    ...idsInRecords(input.alerts.flatMap((a) => [a.labels, a.annotations])),
    ...idsInRecords(input.timeline.map((e) => e.data)),
    ...input.timeline.flatMap((e) => (/trace/i.test(e.text) ? idsIn(e.text) : [])),
    ...input.panelData.flatMap((r) => (r.exemplars ?? []).flatMap((x) => (x.traceId ? [x.traceId.toLowerCase()] : []))),
  ]);
  const firstSeen = new Map<string, number>();
  for (const line of input.logs) {
    const id = line.traceId?.toLowerCase();
    if (!id || pinned.has(id)) continue;
    const seen = firstSeen.get(id);
    if (seen === undefined || line.time < seen) firstSeen.set(id, line.time);
  }
  const fromLogs = [...firstSeen].map(([id, at]) => ({ id, at })).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  return { pinned: [...pinned], fromLogs };
}

/**
 * Which traces to fetch, in order, when not all fit: every pinned one, then log-line traces
 * spread evenly over the window (every k-th by time), so the incident's first minutes are
 * in the file as well as its last; then the rest, for when some fetches fail or are small.
 */
export function fetchOrder(refs: TraceReferences, cap: number): string[] {
  const logIds = refs.fromLogs.map((r) => r.id);
  const room = Math.max(0, cap - refs.pinned.length);
  if (logIds.length <= room) return [...refs.pinned, ...logIds];
  const spread: string[] = [];
  const chosen = new Set<number>();
  for (let i = 0; i < room; i++) {
    const index = Math.floor((i * logIds.length) / room);
    chosen.add(index);
    spread.push(logIds[index]!);
  }
  return [...refs.pinned, ...spread, ...logIds.filter((_, i) => !chosen.has(i))];
}

export interface CollectedTraces {
  traces: Trace[];
  referenced: number;
  spans: number;
  /** Set when a cap left referenced traces out. */
  capped?: 'traces' | 'spans';
  warnings: string[];
}

export async function collectTraces(
  sources: SourceSet,
  refs: TraceReferences,
  options: { cap?: number; spanCap?: number; signal: AbortSignal; progress: ProgressReporter },
): Promise<CollectedTraces> {
  const cap = options.cap ?? MAX_EXPORT_TRACES;
  const spanCap = options.spanCap ?? MAX_EXPORT_SPANS;
  const order = fetchOrder(refs, cap);
  const referenced = order.length;
  if (!sources.has('traces') || referenced === 0) return { traces: [], referenced, spans: 0, warnings: referenced > 0 ? [`${referenced} referenced traces not exported: no trace source is configured.`] : [] };
  const { capability } = sources.pick('traces');
  const traces: Trace[] = [];
  let spans = 0;
  let failures = 0;
  let firstFailure = '';
  let capped: CollectedTraces['capped'];
  let attempted = 0;
  const target = Math.min(cap, referenced);
  options.progress('traces', 0, target);
  await mapBounded(
    order,
    TRACE_CONCURRENCY,
    async (id) => {
      attempted++;
      try {
        const trace = await capability.getTrace(id, options.signal);
        if (traces.length >= cap) capped = 'traces';
        else if (spans + trace.spans.length > spanCap) capped = 'spans';
        else {
          traces.push(trace);
          spans += trace.spans.length;
        }
      } catch (error) {
        if (options.signal.aborted) return;
        failures++;
        firstFailure ||= `${id}: ${errorMessage(error)}`;
      }
      options.progress('traces', Math.min(traces.length, target), target);
    },
    // Stop starting fetches once the file is full: traces first, then spans.
    { signal: options.signal, stop: () => traces.length >= cap || capped === 'spans' },
  );
  if (traces.length >= cap && attempted < referenced) capped = 'traces';
  const warnings = failures > 0 ? [`${failures} referenced trace(s) could not be fetched (first: ${firstFailure}).`] : [];
  return { traces, referenced, spans, ...(capped ? { capped } : {}), warnings };
}
