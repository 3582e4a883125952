import { describe, expect, it } from 'vitest';
import { TraceHeadSchema } from '../api/trace-progress';
import { TraceColumnsSchema, toTraceColumnsWire, type TraceColumns } from '../model/trace-columns';
import { decodeParents, decodeTraceColumns, encodeTraceColumns } from './columns-codec';
import { traceColumnsHead } from './columns-head';
import { errorAncestors } from './error-path';
import { generateTrace } from './generate';
import { headLayout } from './head-layout';
import { layoutTrace } from './layout';
import { normalizeZipkin } from './zipkin';

type ZipkinRecord = Record<string, unknown>;

/** A generated trace with a few spans failed (an HTTP 500 on them), as columns and as the page lays it out whole. */
function trace(spans: number, seed: number, depth?: number) {
  const records = generateTrace({ spans, seed, ...(depth !== undefined ? { depth } : {}) }) as ZipkinRecord[];
  for (let i = 7; i < records.length; i += 97) records[i]!.tags = { ...(records[i]!.tags as object), error: 'boom' };
  const columns = encodeTraceColumns(normalizeZipkin(records));
  const whole = layoutTrace(decodeTraceColumns(columns), { parents: decodeParents(columns) });
  return { columns, whole };
}

/** The head as it travels: through JSON and back through its schema. */
function sent(columns: TraceColumns, rows?: number) {
  const head = traceColumnsHead(columns, rows);
  if (!head) return undefined;
  return TraceHeadSchema.parse(JSON.parse(JSON.stringify({ ...head, columns: toTraceColumnsWire(head.columns) })));
}

describe('the first rows of a large trace, sent ahead (traceColumnsHead → headLayout)', () => {
  it.each([
    [2_000, 1, undefined],
    [3_000, 5, 40],
    [1_500, 9, 400],
  ])('are exactly the top of the whole waterfall: %i spans, seed %i, depth %s', (spans, seed, depth) => {
    const { columns, whole } = trace(spans, seed, depth);
    const wire = sent(columns);
    expect(wire).toBeDefined();
    const laid = headLayout(wire!);
    if (!laid.ok) throw new Error(laid.reason);
    const { layout, spanCount, errorBelow } = laid.head;
    expect(spanCount).toBe(spans);
    expect(layout.rows).toHaveLength(100);
    expect(layout.start).toBe(whole.start);
    expect(layout.duration).toBe(whole.duration);
    expect(layout.services).toEqual(whole.services);
    const wholeErrors = errorAncestors(whole);
    let failuresBelow = 0;
    layout.rows.forEach((row, k) => {
      const theirs = whole.rows[k]!;
      const span = layout.spans[row.spanIndex]!;
      const wholeSpan = whole.spans[theirs.spanIndex]!;
      expect(span).toStrictEqual(wholeSpan);
      expect({ ...row, spanIndex: 0 }).toStrictEqual({ ...theirs, spanIndex: 0 });
      expect(errorBelow.has(row.spanIndex)).toBe(wholeErrors.has(theirs.spanIndex));
      if (errorBelow.has(row.spanIndex)) failuresBelow += 1;
    });
    // The test means something only if some row has a failure below it.
    expect(failuresBelow).toBeGreaterThan(0);
  });

  it('is not made for a trace that fits in it, nor for columns without their tree', () => {
    const { columns } = trace(300, 2);
    expect(traceColumnsHead(columns, 300)).toBeUndefined();
    expect(traceColumnsHead(columns, 299)).toBeDefined();
    const { childStart: _a, children: _b, roots: _c, ...treeless } = columns;
    expect(traceColumnsHead(treeless as TraceColumns)).toBeUndefined();
  });

  it('checks what arrives like any columns, and says what does not hold together', () => {
    const { columns } = trace(1_000, 3);
    const wire = sent(columns)!;
    expect(TraceColumnsSchema.safeParse(wire.columns).success).toBe(true);
    const cases: [string, typeof wire, RegExp][] = [
      ['child counts', { ...wire, childCount: wire.childCount.slice(1) }, /child counts/],
      ['span count', { ...wire, spanCount: 10 }, /said to have 10/],
      ['failure marks', { ...wire, errorBelow: [5_000] }, /failure below a row/],
      ['columns', { ...wire, columns: { ...wire.columns, count: wire.columns.count + 1 } }, /cut short or damaged/],
      ['tree', { ...wire, columns: { ...wire.columns, childStart: undefined, children: undefined, roots: undefined } }, /without their tree/],
    ];
    for (const [, bad, reason] of cases) {
      const laid = headLayout(bad);
      expect(laid.ok).toBe(false);
      if (!laid.ok) expect(laid.reason).toMatch(reason);
    }
  });
});
