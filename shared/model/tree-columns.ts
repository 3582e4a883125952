/**
 * What is wrong with a span tree sent as columns (shared/model/trace-columns.ts), in words, or
 * undefined when the page may use it as buildSpanTree (shared/trace/tree.ts) would have made
 * it: `childStart` has one entry per span and one more, rising from 0 to the number of
 * children; every span is listed exactly once, as a root or as a child; each child's `parent`
 * is the span whose list holds it and each root's is -1; and every span is reached from the
 * roots, so there is no loop the layout would never enter. Linear in the spans.
 */
export function treeColumnsProblem(parent: Int32Array, childStart: Int32Array, children: Int32Array, roots: Int32Array): string | undefined {
  const n = parent.length;
  if (childStart.length !== n + 1) return `the span tree's "childStart" has ${childStart.length} values for ${n} spans — the answer was cut short or damaged`;
  if (children.length + roots.length !== n) return `the span tree lists ${children.length + roots.length} spans of ${n}`;
  if (childStart[0] !== 0 || childStart[n] !== children.length) return 'the span tree\'s "childStart" does not span its children';
  const listed = new Uint8Array(n);
  for (let k = 0; k < roots.length; k += 1) {
    const r = roots[k]!;
    if (!(r >= 0 && r < n) || listed[r] !== 0) return `the span tree lists root ${r} twice or out of range`;
    if (parent[r] !== -1) return `span ${r} is a root of the span tree but has a parent`;
    listed[r] = 1;
  }
  for (let i = 0; i < n; i += 1) {
    const from = childStart[i]!;
    const to = childStart[i + 1]!;
    if (to < from || to > children.length) return `the span tree's "childStart" runs backwards at span ${i}`;
    for (let k = from; k < to; k += 1) {
      const child = children[k]!;
      if (!(child >= 0 && child < n) || listed[child] !== 0) return `the span tree lists span ${child} twice or out of range`;
      if (parent[child] !== i) return `the span tree puts span ${child} under span ${i}, which is not its parent`;
      listed[child] = 1;
    }
  }
  // Every span listed once with its parent's list: walking down from the roots must reach all.
  const queue = new Int32Array(n);
  let tail = 0;
  for (let k = 0; k < roots.length; k += 1) queue[tail++] = roots[k]!;
  for (let head = 0; head < tail; head += 1) {
    const i = queue[head]!;
    for (let k = childStart[i]!; k < childStart[i + 1]!; k += 1) queue[tail++] = children[k]!;
  }
  if (tail !== n) return `${n - tail} spans of the span tree hang in a loop no root reaches`;
  return undefined;
}
