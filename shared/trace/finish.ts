import type { Resource, Span, Trace } from '../model/traces';
import { correctClockSkew } from './clock-skew';
import { rememberHints } from './encode-hints';
import { addNote } from './notes';
import { linkRpcTimes } from './rpc-link';
import { buildSpanTree, type SpanTree } from './tree';
import type { Warnings } from './warnings';

/**
 * The steps every normaliser ends with, whatever the wire format was: place spans that
 * reported no time, correct clock skew between hosts, then derive CS/SR/SS/CR.
 * `parentIndex` when the normaliser already knows each span's parent, else resolved by id;
 * `distinctIds` when it knows no two spans share an id (both kept for the column encoder).
 */
export function finishTrace(
  traceId: string,
  spans: Span[],
  resources: Resource[],
  warnings: Warnings,
  parentIndex?: Int32Array,
  partial?: string,
  distinctIds = false,
): Trace {
  // Placing and skew move times, never parents, so one tree serves every step; only the order
  // of children by start can change, so a trace where something moved is bucketed again for
  // the encoder, which sends the tree as the page would build it.
  let tree = buildSpanTree(spans, parentIndex);
  const placed = placeTimeless(spans, tree, warnings);
  const moved = correctClockSkew(spans, resources, tree, warnings);
  linkRpcTimes(spans, tree.parent);
  if (placed + moved > 0) tree = buildSpanTree(spans, tree.parent, tree.warnings);
  const trace: Trace = { traceId, spans, resources, warnings: warnings.toArray() };
  if (partial !== undefined) trace.partial = partial;
  rememberHints(trace, tree, distinctIds);
  return trace;
}

/**
 * A record with no timestamp at all (a Zipkin record that only carried a name) is drawn at
 * its parent's start, or the trace's first moment, as an unfinished span with a note —
 * never at time 0, which would stretch the trace back to 1970. Returns how many it placed.
 */
function placeTimeless(spans: Span[], tree: SpanTree, warnings: Warnings): number {
  let earliest = Number.POSITIVE_INFINITY;
  let missing = 0;
  for (const s of spans) {
    if (Number.isFinite(s.start)) {
      if (s.start < earliest) earliest = s.start;
    } else {
      missing += 1;
    }
  }
  if (missing === 0) return 0;
  const fallback = Number.isFinite(earliest) ? earliest : 0;
  // Parents first, so a timeless child of a timeless parent inherits the parent's placement.
  const queue: number[] = Array.from(tree.roots);
  for (let head = 0; head < queue.length; head += 1) {
    const i = queue[head]!;
    const span = spans[i]!;
    if (!Number.isFinite(span.start)) {
      const p = tree.parent[i]!;
      span.start = p >= 0 && Number.isFinite(spans[p]!.start) ? spans[p]!.start : fallback;
      span.duration = 0;
      span.unfinished = true;
      addNote(span, 'no time was reported for this span; drawn at the start of its parent');
    }
    for (let k = tree.childStart[i]!; k < tree.childStart[i + 1]!; k += 1) queue.push(tree.children[k]!);
  }
  warnings.add(`${missing} span${missing === 1 ? '' : 's'} reported no time and ${missing === 1 ? 'is' : 'are'} drawn at the start of ${missing === 1 ? 'its' : 'their'} parent`);
  return missing;
}

/** Attribute values arrive as strings, numbers, booleans or structures; the model keeps strings. */
export function tagText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return '';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function isTruthyTag(value: string | undefined): boolean {
  return value !== undefined && value.toLowerCase() === 'true';
}
