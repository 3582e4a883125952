import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Span, Trace } from '../model/traces';
import { criticalPath } from './critical-path';
import { findSpans } from './find-spans';
import { generateTrace } from './generate';
import { layoutTrace, rpcBreakdown } from './layout';
import { serviceStats } from './service-stats';
import { normalizeZipkin } from './zipkin';

const span = (spanId: string, parentId: string | undefined, start: number, duration: number, extra: Partial<Span> = {}): Span => ({
  spanId, parentId, service: 'svc', operation: spanId, kind: 'internal', resource: 0, start, duration, attributes: {}, events: [], status: { code: 'unset' }, ...extra,
});
const trace = (spans: Span[]): Trace => ({ traceId: 't', spans, resources: [{ service: 'svc', attributes: {} }], warnings: [] });
const order = (t: Trace, collapsed?: Set<string>) => {
  const layout = layoutTrace(t, { collapsed });
  return layout.rows.map((r) => `${layout.spans[r.spanIndex]!.spanId}@${r.depth}`);
};

describe('layoutTrace', () => {
  it('orders rows depth-first with children by start, and measures from the first moment', () => {
    const t = trace([span('c2', 'root', 150, 10), span('root', undefined, 100, 100), span('c1', 'root', 120, 10), span('g', 'c1', 121, 2)]);
    expect(order(t)).toEqual(['root@0', 'c1@1', 'g@2', 'c2@1']);
    const layout = layoutTrace(t);
    expect(layout).toMatchObject({ start: 100, duration: 100, maxDepth: 2, services: ['svc'], warnings: [] });
    expect(layout.rows[1]).toMatchObject({ offset: 20, duration: 10, childCount: 1 });
  });

  it('hides the descendants of collapsed spans', () => {
    const t = trace([span('root', undefined, 0, 10), span('a', 'root', 1, 5), span('a1', 'a', 2, 1), span('b', 'root', 6, 2)]);
    expect(order(t, new Set(['a']))).toEqual(['root@0', 'a@1', 'b@1']);
    expect(order(t, new Set(['root']))).toEqual(['root@0']);
  });

  it('turns orphans into roots and breaks cycles, with warnings', () => {
    const t = trace([span('x', 'missing', 5, 1), span('a', 'b', 1, 1), span('b', 'a', 2, 1), span('r', undefined, 0, 10)]);
    const layout = layoutTrace(t);
    expect(layout.rows).toHaveLength(4);
    expect(layout.warnings.some((w) => w.includes('not in this trace') && w.includes('missing'))).toBe(true);
    expect(layout.warnings.some((w) => w.includes('loop was cut at a'))).toBe(true);
    expect(order(t)).toEqual(['r@0', 'a@0', 'b@1', 'x@0']);
  });

  it('never lets an unfinished span stretch the total, and marks its row', () => {
    const t = trace([span('root', undefined, 100, 100), span('open', 'root', 150, 0, { unfinished: true }), span('late', 'root', 250, 0, { unfinished: true })]);
    const layout = layoutTrace(t);
    // ends at the root's end (200) except that a start is a real moment: 'late' began at 250
    expect(layout.duration).toBe(150);
    expect(layout.rows.map((r) => [layout.spans[r.spanIndex]!.spanId, r.unfinished ?? false])).toEqual([
      ['root', false],
      ['open', true],
      ['late', true],
    ]);
    expect(layoutTrace(trace([span('root', undefined, 100, 100), span('open', 'root', 150, 0, { unfinished: true })])).duration).toBe(100);
  });

  it('never shows a negative RPC part: clocks that disagree beyond correction are clamped to 0 and named', () => {
    expect(rpcBreakdown({ cs: 100, sr: 90, ss: 300, cr: 250 })).toEqual({ networkOut: 0, server: 210, networkBack: 0, clientTotal: 150, clamped: ['networkOut', 'networkBack'] });
    expect(rpcBreakdown({ cs: 100, cr: 250 })).toEqual({ clientTotal: 150 });
    expect(rpcBreakdown({ cs: 100 })).toBeUndefined();
  });

  it('splits an RPC into network out, server and network back', () => {
    const rpc = { cs: 0, sr: 10, ss: 70, cr: 100 };
    const t = trace([
      span('c', undefined, 0, 100, { kind: 'client', rpc }),
      span('s', 'c', 10, 60, { kind: 'server', rpc }),
      span('p', undefined, 0, 5, { kind: 'producer', rpc: { cs: 0 } }),
    ]);
    const layout = layoutTrace(t);
    expect(layout.rows[1]!.rpc).toEqual({ networkOut: 10, server: 60, networkBack: 30, clientTotal: 100 });
    expect(layout.rows.find((r) => layout.spans[r.spanIndex]!.spanId === 'p')!.rpc).toBeUndefined();
  });

  it('lays out a 5,000-deep chain without recursion', () => {
    const spans = Array.from({ length: 5000 }, (_, i) => span(`s${i}`, i ? `s${i - 1}` : undefined, i, 10_000 - 2 * i));
    const layout = layoutTrace(trace(spans.reverse()));
    expect(layout.maxDepth).toBe(4999);
    expect(layout.rows[4999]!.depth).toBe(4999);
    expect(criticalPath(layout).length).toBeGreaterThan(0);
    const deep = layoutTrace(normalizeZipkin(generateTrace({ spans: 5000, depth: 5000, seed: 3 })));
    expect(deep.maxDepth).toBeGreaterThanOrEqual(4990);
    expect(deep.warnings).toEqual([]);
  });

  it('handles a generated 100,000-span trace', () => {
    const layout = layoutTrace(normalizeZipkin(generateTrace({ spans: 100_000, seed: 5 })));
    expect(layout.rows).toHaveLength(100_000);
    expect(layout.warnings).toEqual([]);
    expect(new Set(layout.rows.map((r) => r.spanIndex)).size).toBe(100_000);
  });
});

describe('derived views', () => {
  const t = trace([
    span('root', undefined, 0, 100, { service: 'gateway' }),
    span('a', 'root', 10, 30, { service: 'ride', attributes: { 'http.path': '/unlock' } }),
    span('b', 'root', 20, 70, { service: 'lock', status: { code: 'error' }, events: [{ time: 30, name: 'retry', attributes: {} }] }),
    span('b1', 'b', 30, 20, { service: 'iot' }),
  ]);

  it('walks the critical path back from the end', () => {
    const path = criticalPath(layoutTrace(t)).map((s) => [t.spans[s.spanIndex]!.spanId, s.start, s.end]);
    expect(path).toEqual([
      ['root', 0, 20],
      ['b', 20, 30],
      ['b1', 30, 50],
      ['b', 50, 90],
      ['root', 90, 100],
    ]);
  });

  it('sums self time per service', () => {
    const stats = serviceStats(layoutTrace(t));
    expect(stats.map((s) => [s.service, s.selfTime, s.errorCount])).toEqual([
      ['lock', 50, 1],
      ['ride', 30, 0],
      ['gateway', 20, 0],
      ['iot', 20, 0],
    ]);
  });

  it('finds spans by text or tag, hidden ones last', () => {
    const layout = layoutTrace(t, { collapsed: new Set(['b']) });
    const ids = (q: string) => findSpans(layout, q).map((i) => t.spans[i]!.spanId);
    expect(ids('IOT')).toEqual(['b1']);
    expect(ids('http.path=unl')).toEqual(['a']);
    expect(ids('retry')).toEqual(['b']);
    expect(ids('o')).toEqual(['root', 'a', 'b', 'b1']);
    expect(ids('  ')).toEqual([]);
  });

  it('reports the skew-corrected zipkin-lens fixture without overlaps on the critical path', () => {
    const raw = JSON.parse(readFileSync(new URL('../testdata/trace/skew.json', import.meta.url), 'utf8'));
    const path = criticalPath(layoutTrace(normalizeZipkin(raw)));
    for (let k = 1; k < path.length; k += 1) expect(path[k]!.start).toBeGreaterThanOrEqual(path[k - 1]!.end);
  });
});
