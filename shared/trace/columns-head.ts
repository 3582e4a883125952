import { SPAN_FLAG, STATUS_CODES, type SpanExtras, type TraceColumns } from '../model/trace-columns';
import { failureAncestors } from './error-path';

/**
 * The first rows of a trace's waterfall, cut from its columns on the host while the whole
 * answer is still to be sent and read: a 100,000-span trace is some 13 MB of columns, which
 * take the page a few hundred milliseconds to receive, decode and lay out, while its first
 * screen is a hundred spans. The page draws these at once (store/trace-slice.ts) and
 * replaces them with the full waterfall when it arrives.
 *
 * The rows are the first `rows` of the waterfall as it opens (every span unfolded:
 * depth-first from the roots, children in the order the tree lists them), so they are
 * exactly its top, and each one's ancestors are among them. What a part cannot say about
 * the whole comes beside it: the trace's span count, time range and services, each row's
 * number of children, and which rows have a failure somewhere below.
 */
export interface TraceColumnsHead {
  /** The rows' spans as columns of their own (strings and indexes renumbered); `parent` and the tree's lists point within them. */
  columns: TraceColumns;
  /** Spans in the whole trace. */
  spanCount: number;
  /** Epoch microseconds of the whole trace's first moment, and its length: what the layout of the whole gives (shared/trace/layout.ts). */
  start: number;
  duration: number;
  /** Every service of the whole trace, sorted. */
  services: string[];
  /** For each row's span (in `columns` order): how many children it has in the whole trace. */
  childCount: number[];
  /** Rows (indexes into `columns`) with a failed span somewhere below them in the whole trace (shared/trace/error-path.ts). */
  errorBelow: number[];
}

/** A screen of rows on a 4K display: 2,160 px is 90 rows of 24 px at a desk, 64 of 34 px on the wall. */
export const HEAD_ROWS = 100;

const ERROR_CODE = STATUS_CODES.indexOf('error');

/**
 * The head of `c`, or undefined where there is nothing to gain or nothing to cut it from: a
 * trace of no more than `rows` spans (it is its own head), or columns sent without the
 * tree's lists (the page then orders the spans itself, and so could the head not).
 */
export function traceColumnsHead(c: TraceColumns, rows = HEAD_ROWS): TraceColumnsHead | undefined {
  const n = c.count;
  const { parent, childStart, children, roots } = c;
  if (n <= rows || !parent || !childStart || !children || !roots) return undefined;

  // The first `rows` spans depth-first, with an explicit stack (a 5,000-deep chain) of where
  // each open span's list of children has got to: a span with 10,000 children costs one step
  // per child shown, not 10,000 pushes.
  const order: number[] = [];
  const next: number[] = [];
  const last: number[] = [];
  let root = 0;
  while (order.length < rows) {
    let i: number;
    if (next.length === 0) {
      if (root >= roots.length) break;
      i = roots[root++]!;
    } else {
      const top = next.length - 1;
      const k = next[top]!;
      if (k >= last[top]!) {
        next.pop();
        last.pop();
        continue;
      }
      i = children[k]!;
      next[top] = k + 1;
    }
    order.push(i);
    next.push(childStart[i]!);
    last.push(childStart[i + 1]!);
  }
  // Each span's row in the head, or -1: typed, since the pass below reads it for every span of 100,000.
  const at = new Int32Array(n).fill(-1);
  order.forEach((i, j) => (at[i] = j));
  const whole = wholeFacts(c, parent, at);
  return {
    columns: subsetColumns(c, order, at, whole.rpcFrom),
    spanCount: n,
    start: whole.start,
    duration: whole.end - whole.start,
    services: whole.services,
    childCount: order.map((i) => childStart[i + 1]! - childStart[i]!),
    errorBelow: whole.errorBelow,
  };
}

/**
 * What the rows alone cannot say, from the whole trace: its first moment and latest end as
 * layoutTrace works them out (an unfinished span's end is unknown and stretches nothing), its
 * services, its failed spans and where each row's RPC moments are in the RPC column, in one
 * pass; then the rows above a failed span that did not fail themselves (shared/trace/error-path.ts).
 */
function wholeFacts(c: TraceColumns, parent: Int32Array, at: Int32Array) {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const seen = new Uint8Array(c.strings.length);
  const services: string[] = [];
  const rpcFrom = new Map<number, number>();
  const failed = new Uint8Array(c.count);
  for (let i = 0, r = 0; i < c.count; i += 1) {
    const s = c.start[i]!;
    const f = c.flags[i]!;
    if (s < start) start = s;
    const e = f & SPAN_FLAG.unfinished ? s : s + c.duration[i]!;
    if (e > end) end = e;
    const service = c.service[i]!;
    if (seen[service] === 0) {
      seen[service] = 1;
      services.push(c.strings[service]!);
    }
    if (((f >> SPAN_FLAG.statusShift) & 3) === ERROR_CODE) failed[i] = 1;
    if (f & SPAN_FLAG.hasRpc) {
      if (at[i]! >= 0) rpcFrom.set(i, r);
      r += 4;
    }
  }
  const marked = failureAncestors(failed, parent);
  const errorBelow: number[] = [];
  for (let i = 0; i < c.count; i += 1) if (at[i]! >= 0 && marked[i] === 1) errorBelow.push(at[i]!);
  return { start: start + c.base, end: end + c.base, services: services.sort(), errorBelow: errorBelow.sort((x, y) => x - y), rpcFrom };
}

/** The spans `order` names, as columns of their own: every index into the strings, the spans and the RPC list renumbered. */
function subsetColumns(c: TraceColumns, order: readonly number[], at: Int32Array, rpcFrom: ReadonlyMap<number, number>): TraceColumns {
  const m = order.length;
  const strings: string[] = [];
  const stringAt = new Map<number, number>();
  const str = (s: number) => {
    let k = stringAt.get(s);
    if (k === undefined) {
      k = strings.length;
      strings.push(c.strings[s]!);
      stringAt.set(s, k);
    }
    return k;
  };
  const optionalStr = (s: number) => (s === -1 ? -1 : str(s));
  const int = () => new Int32Array(m);
  const out = {
    spanId: int(), reportedId: int(), parentId: int(), service: int(), operation: int(), kind: int(), resource: int(),
    flags: int(), attrEnd: int(), parent: int(), start: new Float64Array(m), duration: new Float64Array(m),
  };
  // Span ids first, as every writer of columns puts them (columns-codec.ts ColumnStrings).
  for (let j = 0; j < m; j += 1) out.spanId[j] = str(c.spanId[order[j]!]!);
  const attrs: number[] = [];
  const rpc: number[] = [];
  for (let j = 0; j < m; j += 1) {
    const i = order[j]!;
    out.reportedId[j] = optionalStr(c.reportedId[i]!);
    out.parentId[j] = optionalStr(c.parentId[i]!);
    out.service[j] = str(c.service[i]!);
    out.operation[j] = str(c.operation[i]!);
    out.kind[j] = c.kind[i]!;
    out.resource[j] = c.resource[i]!;
    out.start[j] = c.start[i]!;
    out.duration[j] = c.duration[i]!;
    out.flags[j] = c.flags[i]!;
    const p = c.parent![i]!;
    // Depth-first order puts every ancestor of a row before it: a parent is always among the rows.
    out.parent[j] = p === -1 ? -1 : at[p]!;
    for (let k = i === 0 ? 0 : c.attrEnd[i - 1]!; k < c.attrEnd[i]!; k += 2) attrs.push(str(c.attrs[k]!), str(c.attrs[k + 1]!));
    out.attrEnd[j] = attrs.length;
    const r = rpcFrom.get(i);
    if (r !== undefined) for (let k = 0; k < 4; k += 1) rpc.push(c.rpc[r + k]!);
  }
  const extras: SpanExtras[] = [];
  for (const extra of c.extras) {
    const j = at[extra.span]!;
    if (j >= 0) extras.push({ ...extra, span: j });
  }
  extras.sort((a, b) => a.span - b.span);
  const tree = subsetTree(c, order, at);
  return {
    format: c.format,
    traceId: c.traceId,
    resources: c.resources,
    warnings: [],
    strings,
    base: c.base,
    count: m,
    ...out,
    attrs: Int32Array.from(attrs),
    rpc: Float64Array.from(rpc),
    extras,
    parentWarnings: [],
    ...tree,
  };
}

/** The tree's lists over the rows: each row's children that are rows too, in the whole tree's order (a prefix of its list, by depth-first order). */
function subsetTree(c: TraceColumns, order: readonly number[], at: Int32Array): Pick<TraceColumns, 'childStart' | 'children' | 'roots'> {
  const m = order.length;
  const childStart = new Int32Array(m + 1);
  const children: number[] = [];
  for (let j = 0; j < m; j += 1) {
    const i = order[j]!;
    childStart[j] = children.length;
    for (let k = c.childStart![i]!; k < c.childStart![i + 1]!; k += 1) {
      const child = at[c.children![k]!]!;
      if (child >= 0) children.push(child);
    }
  }
  childStart[m] = children.length;
  const roots: number[] = [];
  for (let k = 0; k < c.roots!.length; k += 1) {
    const root = at[c.roots![k]!]!;
    if (root >= 0) roots.push(root);
  }
  return { childStart, children: Int32Array.from(children), roots: Int32Array.from(roots) };
}
