import type { Span } from '../model/traces';

/**
 * The parent/child structure of a trace as flat typed arrays, built without recursion so a
 * 5,000-deep trace cannot overflow the stack. Children (and roots) are sorted by start time.
 */
export interface SpanTree {
  /** Parent span index, or -1 for a root (real, orphaned, or cut out of a cycle). */
  readonly parent: Int32Array;
  /** Children of span i are `children[childStart[i] .. childStart[i + 1])`. */
  readonly childStart: Int32Array;
  readonly children: Int32Array;
  readonly roots: Int32Array;
  readonly warnings: readonly string[];
}

/**
 * Each span's parent index as resolved elsewhere (the host's column encoder), what resolving
 * them said, and where it sent them, the tree's lists (checked by TraceColumnsSchema).
 */
export interface KnownParents {
  parent: Int32Array;
  warnings: readonly string[];
  lists?: Pick<SpanTree, 'childStart' | 'children' | 'roots'>;
}

/** The tree of `known`: its own lists where they came with it, else built from its parents. */
export function knownSpanTree(spans: readonly Span[], known: KnownParents): SpanTree {
  if (known.lists && known.lists.childStart.length === spans.length + 1) return { parent: known.parent, ...known.lists, warnings: known.warnings };
  return buildSpanTree(spans, known.parent, known.warnings);
}

export function buildSpanTree(spans: readonly Span[], knownParents?: Int32Array, knownWarnings: readonly string[] = []): SpanTree {
  // `knownWarnings`: what resolving `knownParents` by id said, where that was done elsewhere (shared/trace/columns-codec.ts).
  const warnings: string[] = knownParents ? [...knownWarnings] : [];
  const parent = knownParents ? Int32Array.from(knownParents) : resolveParents(spans, warnings);
  const start = new Float64Array(spans.length);
  for (let i = 0; i < spans.length; i += 1) start[i] = spans[i]!.start;
  return treeOfParents(parent, start, (i) => spans[i]!.spanId, warnings);
}

/**
 * The tree of resolved parents over a start column: what buildSpanTree does once parents are
 * known, for callers that hold columns rather than Span objects (zipkin-columns.ts). Takes
 * `parent` (cutting cycles in it) and `warnings` (adding to them); `idOf` names spans in a
 * cycle's warning.
 */
export function treeOfParents(parent: Int32Array, start: Float64Array, idOf: (i: number) => string, warnings: string[]): SpanTree {
  const n = parent.length;
  breakCycles(start, idOf, parent, warnings);

  const childStart = new Int32Array(n + 1);
  let rootCount = 0;
  for (let i = 0; i < n; i += 1) {
    const p = parent[i]!;
    if (p < 0) rootCount += 1;
    else childStart[p + 1]! += 1;
  }
  for (let i = 0; i < n; i += 1) childStart[i + 1]! += childStart[i]!;
  const fill = childStart.slice(0, n);
  const children = new Int32Array(n - rootCount);
  const roots = new Int32Array(rootCount);
  const keys = startKeys(start);
  // A stable fill in `order` leaves every list sorted by start. Without a global order, the
  // fill goes in index order and each list is then put in start order where it is not already
  // (spans usually come in start order among their siblings): the same lists, without sorting
  // all n spans at once.
  const order = keys ? undefined : orderByComparator(start);
  let r = 0;
  for (let k = 0; k < n; k += 1) {
    const i = order ? order[k]! : k;
    const p = parent[i]!;
    if (p < 0) roots[r++] = i;
    else children[fill[p]!++] = i;
  }
  if (keys) {
    sortByKey(roots, 0, rootCount, keys);
    for (let p = 0; p < n; p += 1) if (childStart[p + 1]! - childStart[p]! > 1) sortByKey(children, childStart[p]!, childStart[p + 1]!, keys);
  }
  return { parent, childStart, children, roots, warnings };
}

/** Parent index of each span by id; the first of several spans with one id takes its children. */
function resolveParents(spans: readonly Span[], warnings: string[]): Int32Array {
  const n = spans.length;
  const indexById = new Map<string, number>();
  // Backwards, so the first span with an id is the one left in the map.
  for (let i = n - 1; i >= 0; i -= 1) indexById.set(spans[i]!.spanId, i);
  const duplicates = n - indexById.size;
  if (duplicates > 0) warnings.push(duplicateIdsWarning(duplicates));
  const parent = new Int32Array(n).fill(-1);
  let orphans = 0;
  let orphanExample = '';
  for (let i = 0; i < n; i += 1) {
    const parentId = spans[i]!.parentId;
    if (parentId === undefined || parentId === '') continue;
    const p = indexById.get(parentId);
    if (p === undefined) {
      orphans += 1;
      if (!orphanExample) orphanExample = parentId;
    } else if (p !== i) {
      parent[i] = p;
    }
  }
  if (orphans > 0) warnings.push(orphansWarning(orphans, orphanExample));
  return parent;
}

/** Said when spans share an id: resolving parents by id, here or where the parents were resolved before. */
export function duplicateIdsWarning(duplicates: number): string {
  return `${duplicates} spans reuse the id of another span; their children hang under the first one`;
}

export function orphansWarning(orphans: number, example: string): string {
  return `${orphans} span${orphans === 1 ? '' : 's'} point to a parent that is not in this trace (e.g. ${example}); shown as top-level rows`;
}

/** Walks up from every span once; a walk that meets itself is a cycle, cut at its earliest span. */
function breakCycles(start: Float64Array, idOf: (i: number) => string, parent: Int32Array, warnings: string[]): void {
  const n = parent.length;
  // 0 = unseen, 1 = on the current walk, 2 = known to reach a root
  const state = new Uint8Array(n);
  // The current walk (a typed stack: this runs over every span of a 100,000-span trace).
  const path = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    if (state[i] !== 0) continue;
    let length = 0;
    let cur = i;
    while (cur >= 0 && state[cur] === 0) {
      state[cur] = 1;
      path[length++] = cur;
      cur = parent[cur]!;
    }
    if (cur >= 0 && state[cur] === 1) {
      let from = 0;
      while (path[from] !== cur) from += 1;
      let cut = cur;
      for (let k = from; k < length; k += 1) {
        const candidate = path[k]!;
        if (start[candidate]! < start[cut]!) cut = candidate;
      }
      parent[cut] = -1;
      const named = [...path.subarray(from, Math.min(from + 4, length))].map((k) => idOf(k));
      warnings.push(`spans ${named.join(' → ')}${length - from > 4 ? ' → …' : ''} are each other's ancestors; the loop was cut at ${idOf(cut)}`);
    }
    for (let k = 0; k < length; k += 1) state[path[k]!] = 2;
  }
}

/**
 * Each span's sort key: whole microseconds after the earliest start, so that key * n + index
 * is an exact float (start order, ties by index, packed into one number). Undefined where that
 * does not hold (a start that is not finite, a range too wide): orderByComparator orders then.
 */
function startKeys(start: Float64Array): Float64Array | undefined {
  const n = start.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i += 1) {
    const s = start[i]!;
    if (!Number.isFinite(s)) return undefined;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  if (n === 0 || (Math.floor(max - min) + 1) * n >= Number.MAX_SAFE_INTEGER) return undefined;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i += 1) keys[i] = Math.floor(start[i]! - min) * n + i;
  return keys;
}

/** Sorts list[from, to) — span indexes, ascending — by their packed keys, if it is not in that order already. */
function sortByKey(list: Int32Array, from: number, to: number, keys: Float64Array): void {
  let sorted = true;
  for (let k = from + 1; k < to; k += 1) {
    if (keys[list[k]!]! < keys[list[k - 1]!]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  // A short list by insertion; a long one by the engine's native numeric sort of the packed
  // keys, several times faster than a comparator sort.
  if (to - from <= 32) {
    for (let k = from + 1; k < to; k += 1) {
      const i = list[k]!;
      const key = keys[i]!;
      let j = k - 1;
      while (j >= from && keys[list[j]!]! > key) {
        list[j + 1] = list[j]!;
        j -= 1;
      }
      list[j + 1] = i;
    }
    return;
  }
  const n = keys.length;
  const packed = new Float64Array(to - from);
  for (let k = from; k < to; k += 1) packed[k - from] = keys[list[k]!]!;
  packed.sort();
  for (let k = from; k < to; k += 1) list[k] = packed[k - from]! % n;
}

/** Span indexes by start, ties by index, where startKeys cannot pack them (a start that is not finite, a range too wide). */
function orderByComparator(start: Float64Array): Int32Array {
  const order = new Int32Array(start.length);
  for (let i = 0; i < start.length; i += 1) order[i] = i;
  return order.sort((a, b) => start[a]! - start[b]! || a - b);
}
