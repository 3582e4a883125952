import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../../shared/model/traces';
import { seededRandom } from '../../../../shared/random';
import { collapseAll, expandToDepth } from '../../../../shared/trace/collapse';
import { generateTrace } from '../../../../shared/trace/generate';
import { layoutTrace } from '../../../../shared/trace/layout';
import type { TraceLayout } from '../../../../shared/trace/layout-types';
import { normalizeZipkin } from '../../../../shared/trace/zipkin';
import { revealSpan, shownRows } from './shown-rows';

/** The rows a folded waterfall shows, the slow obvious way: a recursive walk that does not enter folded spans. */
function naive(layout: TraceLayout, collapsed: ReadonlySet<string>): number[] {
  const tree = layout.tree!;
  const out: number[] = [];
  const visit = (i: number) => {
    out.push(i);
    if (collapsed.has(layout.spans[i]!.spanId)) return;
    for (let k = tree.childStart[i]!; k < tree.childStart[i + 1]!; k += 1) visit(tree.children[k]!);
  };
  for (const root of tree.roots) visit(root);
  return out;
}

/** A generated trace with some spans cut out, so their children become orphans shown as extra roots. */
function randomTrace(seed: number): Trace {
  const random = seededRandom(seed);
  const full = normalizeZipkin(generateTrace({ spans: 20 + Math.floor(random() * 300), depth: 1 + Math.floor(random() * 15), seed }));
  const cut = seed % 3 === 0 ? 0.05 : 0;
  return { ...full, spans: full.spans.filter((_, k) => k === 0 || random() >= cut) };
}

const parentsOf = (layout: TraceLayout) => layout.rows.filter((r) => r.childCount > 0).map((r) => layout.spans[r.spanIndex]!.spanId);

describe('shownRows folds exactly the collapsed subtrees', () => {
  it('equals a recursive walk for 200 random traces and random collapsed sets, with depth folds, critical-only and hide filters', () => {
    let checkedFolded = 0;
    for (let seed = 1; seed <= 200; seed += 1) {
      const random = seededRandom(seed * 7919);
      const layout = layoutTrace(randomTrace(seed));
      const parents = parentsOf(layout);
      // Start from nothing, from "collapse all" or from an "expand to depth", then toggle some spans at random.
      const start = seed % 3 === 0 ? new Set<string>() : seed % 3 === 1 ? collapseAll(layout) : expandToDepth(layout, 1 + Math.floor(random() * 6));
      const collapsed = new Set(start);
      for (const id of parents) {
        if (random() < 0.2) {
          if (collapsed.has(id)) collapsed.delete(id);
          else collapsed.add(id);
        }
      }
      const critical = seed % 4 === 0 ? new Set(layout.rows.filter(() => random() < 0.5).map((r) => r.spanIndex)) : undefined;
      const onlySpans = seed % 5 === 0 ? new Set(layout.rows.filter(() => random() < 0.6).map((r) => r.spanIndex)) : undefined;
      const expected = naive(layout, collapsed).filter((i) => (!critical || critical.has(i)) && (!onlySpans || onlySpans.has(i)));
      const rows = shownRows(layout, { collapsed, criticalOnly: critical !== undefined, critical, onlySpans });
      expect(rows.map((r) => r.spanIndex), `seed ${seed}`).toEqual(expected);
      if (naive(layout, collapsed).length < layout.rows.length) checkedFolded += 1;
    }
    // The property is only worth something if most cases actually fold something away.
    expect(checkedFolded).toBeGreaterThan(150);
  });
});

describe('folding one span', () => {
  // root ─┬─ a ─┬─ a1 ── a1x
  //       │     └─ a2 ── a2x
  //       └─ b ── b1
  const spans = [['root', undefined], ['a', 'root'], ['a1', 'a'], ['a1x', 'a1'], ['a2', 'a'], ['a2x', 'a2'], ['b', 'root'], ['b1', 'b']] as const;
  const trace: Trace = {
    traceId: 't',
    spans: spans.map(([spanId, parentId], k) => ({ spanId, parentId, service: 'svc', operation: spanId, kind: 'internal', resource: 0, start: k, duration: 1, attributes: {}, events: [], status: { code: 'unset' } })),
    resources: [{ service: 'svc', attributes: {} }],
    warnings: [],
  };
  const layout = layoutTrace(trace);
  const ids = (collapsed: Iterable<string>, l: TraceLayout = layout) => shownRows(l, { collapsed: new Set(collapsed), criticalOnly: false, critical: undefined }).map((r) => l.spans[r.spanIndex]!.spanId);

  it('hides its subtree, not the rows at its depth after it nor a sibling\'s children', () => {
    expect(ids(['a1'])).toEqual(['root', 'a', 'a1', 'a2', 'a2x', 'b', 'b1']);
    expect(ids(['a'])).toEqual(['root', 'a', 'b', 'b1']);
    expect(ids(['a', 'b'])).toEqual(['root', 'a', 'b']);
    expect(ids([])).toEqual(['root', 'a', 'a1', 'a1x', 'a2', 'a2x', 'b', 'b1']);
  });

  it('folds the same in a layout made elsewhere, without subtree sizes (an imported bundle)', () => {
    const bare: TraceLayout = { ...layout, tree: undefined, allRows: undefined, subtreeRows: undefined };
    expect(ids(['a1', 'b'], bare)).toEqual(['root', 'a', 'a1', 'a2', 'a2x', 'b']);
  });

  it('unfolds every folded ancestor to reveal a span, and leaves the critical-only view when the span is off the path', () => {
    const folded = expandToDepth(layout, 2);
    expect(ids(folded)).toEqual(['root', 'a', 'b']);
    const a1x = layout.spans.findIndex((s) => s.spanId === 'a1x');
    const shown = revealSpan(layout, a1x, folded, true, new Set([0]));
    expect([...shown.collapsed].sort()).toEqual(['a2', 'b']);
    expect(shown.criticalOnly).toBe(false);
    expect(ids(shown.collapsed)).toEqual(['root', 'a', 'a1', 'a1x', 'a2', 'b']);
  });
});
