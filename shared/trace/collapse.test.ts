import { describe, expect, it } from 'vitest';
import type { Span, Trace } from '../model/traces';
import { collapseLayout, subtreeSizes, visibleRowIndexes } from './collapse';
import { generateTrace } from './generate';
import { layoutTrace } from './layout';
import { normalizeZipkin } from './zipkin';

const span = (spanId: string, parentId: string | undefined, start: number): Span => ({
  spanId, parentId, service: 'svc', operation: spanId, kind: 'internal', resource: 0, start, duration: 1, attributes: {}, events: [], status: { code: 'unset' },
});
const trace = (spans: Span[]): Trace => ({ traceId: 't', spans, resources: [], warnings: [] });

/** The rows a collapsed waterfall shows, found the slow obvious way: a depth-first walk that does not enter collapsed spans. */
function reference(t: Trace, collapsed: ReadonlySet<string>): string[] {
  const layout = layoutTrace(t);
  const tree = layout.tree!;
  const out: string[] = [];
  const stack = [...tree.roots].reverse();
  while (stack.length > 0) {
    const i = stack.pop()!;
    out.push(t.spans[i]!.spanId);
    if (collapsed.has(t.spans[i]!.spanId)) continue;
    for (let k = tree.childStart[i + 1]! - 1; k >= tree.childStart[i]!; k -= 1) stack.push(tree.children[k]!);
  }
  return out;
}

const ids = (t: Trace, collapsed: ReadonlySet<string>) => {
  const layout = collapseLayout(layoutTrace(t), collapsed);
  return layout.rows.map((r) => layout.spans[r.spanIndex]!.spanId);
};

describe('collapse index maths', () => {
  // root ─┬─ a ─┬─ a1
  //       │     └─ a2 ── a2x
  //       └─ b
  // r2 (a second root)
  const t = trace([span('root', undefined, 0), span('a', 'root', 1), span('a1', 'a', 2), span('a2', 'a', 3), span('a2x', 'a2', 4), span('b', 'root', 5), span('r2', undefined, 6)]);

  it('measures every subtree in rows, itself included', () => {
    const layout = layoutTrace(t);
    expect(layout.allRows!.map((r) => layout.spans[r.spanIndex]!.spanId)).toEqual(['root', 'a', 'a1', 'a2', 'a2x', 'b', 'r2']);
    expect([...layout.subtreeRows!]).toEqual([6, 4, 1, 2, 1, 1, 1]);
    expect([...subtreeSizes([0, 1, 2], Int32Array.from([-1, 0, 1]))]).toEqual([3, 2, 1]);
  });

  it('jumps over each collapsed subtree and only over it', () => {
    const sizes = Int32Array.from([6, 4, 1, 2, 1, 1, 1]);
    expect([...visibleRowIndexes(sizes, () => false)]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...visibleRowIndexes(sizes, (k) => k === 0)]).toEqual([0, 6]);
    expect([...visibleRowIndexes(sizes, (k) => k === 1)]).toEqual([0, 1, 5, 6]);
    expect([...visibleRowIndexes(sizes, (k) => k === 3)]).toEqual([0, 1, 2, 3, 5, 6]);
    // A collapsed span inside a collapsed one stays hidden, and comes back collapsed.
    expect([...visibleRowIndexes(sizes, (k) => k === 1 || k === 3)]).toEqual([0, 1, 5, 6]);
    expect([...visibleRowIndexes(Int32Array.from([0, 0]), () => true)]).toEqual([0, 1]);
  });

  it('shows what a walk that does not enter collapsed spans shows, over random trees and collapse sets', () => {
    for (let seed = 1; seed <= 25; seed += 1) {
      const t2 = normalizeZipkin(generateTrace({ spans: 50 + seed * 20, depth: 1 + (seed % 9), seed }));
      const parents = t2.spans.filter((s) => t2.spans.some((c) => c.parentId === s.spanId));
      const collapsed = new Set(parents.filter((_, k) => (k * 7 + seed) % 5 === 0 || k === seed % parents.length).map((s) => s.spanId));
      expect(collapsed.size, `seed ${seed}`).toBeGreaterThan(0);
      expect(ids(t2, collapsed), `seed ${seed}`).toEqual(reference(t2, collapsed));
      expect(layoutTrace(t2, { collapsed }).rows).toEqual(collapseLayout(layoutTrace(t2), collapsed).rows);
    }
  });

  it('collapses the root of a 5,000-deep chain to one row, and expands it back to all', () => {
    const chain = normalizeZipkin(generateTrace({ spans: 5_000, depth: 5_000, seed: 11 }));
    const full = layoutTrace(chain);
    const rootId = full.spans[full.allRows![0]!.spanIndex]!.spanId;
    expect(collapseLayout(full, new Set([rootId])).rows).toHaveLength(1);
    const back = collapseLayout(collapseLayout(full, new Set([rootId])), new Set());
    expect(back.rows).toHaveLength(5_000);
    expect(back.rows[4_999]).toBe(full.allRows![4_999]);
  });
});
