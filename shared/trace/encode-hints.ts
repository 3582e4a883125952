import type { Span, Trace } from '../model/traces';
import type { SpanTree } from './tree';

/**
 * What a normaliser already knows about the trace it made, kept beside it for the column
 * encoder (shared/trace/columns-codec.ts), which would otherwise hash 100,000 span ids and
 * look 100,000 parent ids up again — about a third of encoding a big trace.
 * `tree`: the tree finishTrace (shared/trace/finish.ts) built with the final times; its `parent`
 * is each span's parent index as finishTrace resolved it, only used where that span's id is the
 * parent id the span holds, and the whole tree is sent along where the encoder's own parents agree. `distinctIds`: the span ids,
 * when no two spans shared one as normalised — only true while every span still has that id
 * (anyone may rename a span afterwards; idsUnchanged checks). Valid only for the span array
 * (and length) they were made for.
 */
export interface EncodeHints {
  spans: readonly Span[];
  count: number;
  tree: SpanTree;
  distinctIds: readonly string[] | undefined;
}

const hintsOf = new WeakMap<Trace, EncodeHints>();

export function rememberHints(trace: Trace, tree: SpanTree, distinctIds: boolean): void {
  const spans = trace.spans;
  let ids: string[] | undefined;
  if (distinctIds) {
    ids = new Array<string>(spans.length);
    for (let i = 0; i < spans.length; i += 1) ids[i] = spans[i]!.spanId;
  }
  hintsOf.set(trace, { spans, count: spans.length, tree, distinctIds: ids });
}

/** True when every span still has the id it had when normalised (mostly the same string: a pointer compare). */
export function idsUnchanged(spans: readonly Span[], ids: readonly string[]): boolean {
  if (ids.length !== spans.length) return false;
  for (let i = 0; i < ids.length; i += 1) if (spans[i]!.spanId !== ids[i]) return false;
  return true;
}

/** The hints, when the trace's spans are still the array they were made for. */
export function encodeHints(trace: Trace): EncodeHints | undefined {
  const hints = hintsOf.get(trace);
  if (!hints || hints.spans !== trace.spans || hints.count !== trace.spans.length || hints.tree.parent.length !== hints.count) return undefined;
  return hints;
}
