import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeriesSchema } from '../../shared';
import { syntheticMatrix } from '../../testing/synthetic-matrix';
import {
  type ColumnarMatrix,
  decodeMatrixBytes,
  decodeMatrixJson,
  decodePrometheusMatrix,
  legend,
  PrometheusDecodeError,
  toSeriesModel,
} from './prometheus-decode';

const bytes = (file: string): Buffer => readFileSync(join(__dirname, 'testdata', file));
const recorded = (file: string): unknown => JSON.parse(bytes(file).toString('utf8'));

/** The general path (JSON.parse + zod), the reference the byte scanner must match. */
const reference = (body: Buffer, fallbackName?: string): ColumnarMatrix => decodeMatrixJson(JSON.parse(body.toString('utf8')), fallbackName);

/** Every number compared with Object.is, so NaN must stay NaN and −0 stay −0. */
function expectSame(actual: ColumnarMatrix, expected: ColumnarMatrix): void {
  expect(actual.warnings).toEqual(expected.warnings);
  expect(actual.series.map((s) => [s.name, s.labels])).toStrictEqual(expected.series.map((s) => [s.name, s.labels]));
  actual.series.forEach((series, s) => {
    const want = expected.series[s]!;
    expect(series.times).toBeInstanceOf(Float64Array);
    expect(series.values).toBeInstanceOf(Float64Array);
    expect(series.times.length).toBe(want.times.length);
    const differences: string[] = [];
    for (let i = 0; i < want.times.length; i += 1) {
      if (!Object.is(series.times[i], want.times[i]) || !Object.is(series.values[i], want.values[i])) {
        differences.push(`series ${s} point ${i}: ${series.times[i]} ${series.values[i]} ≠ ${want.times[i]} ${want.values[i]}`);
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });
}

describe('decoding recorded answers', () => {
  it('decodes a real Prometheus 2.42 matrix, NaN as a gap and ±Inf as markers in the model', () => {
    const { series } = decodePrometheusMatrix(recorded('prometheus/query_range_matrix.json'));
    expect(series.map((s) => `${s.name}${legend(s.labels)}`)).toContain(
      'test_temperature{city="berlin", instance="127.0.0.1:40257", job="exporter", sensor="a"}',
    );
    const byKind = (kind: string) => series.find((s) => s.labels.kind === kind)!;
    expect(byKind('nan')).toMatchObject({ values: [null] });
    expect(byKind('nan')).not.toHaveProperty('posInf');
    expect(byKind('pinf')).toMatchObject({ values: [null], posInf: [0] });
    expect(byKind('ninf')).toMatchObject({ values: [null], negInf: [0] });
    const berlin = series.find((s) => s.labels.city === 'berlin');
    expect(berlin?.times).toEqual([1795550960021]);
    expect(berlin?.values).toEqual([21.5]);
    expect(berlin?.labels).not.toHaveProperty('__name__');
    // What the services check before anything leaves them: ±Inf no longer breaks it.
    for (const s of series) expect(SeriesSchema.safeParse(s).success).toBe(true);
  });

  it.each(['prometheus/query_range_matrix.json', 'prometheus/query_range_weird.json', 'prometheus/query_range_rate.json', 'victoriametrics/query_range_matrix.json'])(
    'reads %s from its bytes exactly as JSON.parse + zod does',
    (file) => {
      const body = bytes(file);
      const scanned = decodeMatrixBytes(body, 'expr');
      expectSame(scanned, reference(body, 'expr'));
      expect(scanned.series.length).toBeGreaterThan(0);
    },
  );

  it('keeps NaN, ±Inf, 1e+308, −0 and escaped or raw-UTF-8 labels exactly as Prometheus sent them', () => {
    const { series } = decodeMatrixBytes(bytes('prometheus/query_range_weird.json'));
    const kind = (k: string) => series.find((s) => s.labels.kind === k)!;
    expect(Number.isNaN(kind('nan').values[0])).toBe(true);
    expect(kind('pinf').values[0]).toBe(Infinity);
    expect(kind('ninf').values[0]).toBe(-Infinity);
    expect(kind('huge').values[0]).toBe(1e308);
    expect(Object.is(kind('negzero').values[0], -0)).toBe(true);
    expect(kind('tiny').values[0]).toBe(1e-7);
    expect(kind('long').values[0]).toBe(0.1 + 0.2);
    expect(kind('quotes').labels.label).toBe('say "hi" \\ back\nslash');
    expect(kind('unicode').labels).toMatchObject({ city: 'Zürich', emoji: '🚲', rtl: '\u202etxt' });
    expect(kind('unicode').times[0]).toBe(1796166703562);
    const model = toSeriesModel({ series, warnings: [] }).series;
    expect(model.find((s) => s.labels.kind === 'pinf')).toMatchObject({ values: [null, null, null, null, null, null], posInf: [0, 1, 2, 3, 4, 5] });
    expect(model.find((s) => s.labels.kind === 'nan')?.values.every((v) => v === null)).toBe(true);
    expect(model.find((s) => s.labels.kind === 'huge')?.values[0]).toBe(1e308);
  });

  it('reports the error text of a rejected query from either server', () => {
    expect(() => decodeMatrixBytes(bytes('prometheus/query_range_bad_query.json'))).toThrow(/unclosed left parenthesis/);
    expect(() => decodeMatrixBytes(bytes('victoriametrics/query_range_bad_query.json'))).toThrow(/unexpected token/);
  });
});

describe('decoding answers the scanner leaves to the general path', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a vector instead of a matrix', { status: 'success', data: { resultType: 'vector', result: [] } }, /^expected a range result \(matrix\) but got a vector$/],
    ['an error envelope that still carries data', { status: 'error', data: 'test', errorType: 'timeout', error: 'message' }, /^message$/],
    ['an error envelope with a type only', { status: 'error', errorType: 'not_acceptable' }, /^not_acceptable$/],
    ['labels that are not strings', { status: 'success', data: { resultType: 'matrix', result: [{ metric: { a: 1 }, values: [] }] } }, /^unexpected series \(result\.0\.metric\.a: /],
    ['values that are not a list', { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: null }] } }, /^unexpected series \(result\.0\.values: expected an array of samples\)$/],
    ['no status', { data: {} }, /^unexpected answer \(status: /],
    ['a bare string', 'hello', /^unexpected answer \(top level: /],
  ];
  it.each(cases)('%s: the same sentence from bytes as from parsed JSON', (_what, json, message) => {
    const body = Buffer.from(JSON.stringify(json));
    expect(() => decodeMatrixJson(json)).toThrow(message);
    expect(() => decodeMatrixBytes(body)).toThrow(PrometheusDecodeError);
    expect(() => decodeMatrixBytes(body)).toThrow(message);
  });

  it('reads a matrix whatever the order of its keys, skipping fields it does not use, with warnings and infos', () => {
    const json = {
      isPartial: false,
      data: {
        result: [
          { values: [[1, '1'], [2.5, '2e3']], histograms: [[1, { count: '3', sum: '1', buckets: [[0, '0', '1', '3']] }]], metric: { city: 'paris', a: 'x' } },
          { metric: {} },
        ],
        resultType: 'matrix',
      },
      stats: { seriesFetched: '2', timings: [1, 2.5, null, true, false, { deep: [[[]]] }] },
      warnings: ['partial data'],
      status: 'success',
      infos: ['PromQL info: metric might not be a counter'],
    };
    const body = Buffer.from(JSON.stringify(json, null, 2));
    const decoded = decodeMatrixBytes(body, 'sum(up)');
    expectSame(decoded, decodeMatrixJson(json, 'sum(up)'));
    expect(decoded.warnings).toEqual(['partial data', 'PromQL info: metric might not be a counter']);
    expect(decoded.series[0]?.name).toBe('{a="x", city="paris"}');
    expect([...decoded.series[0]!.times]).toEqual([1000, 2500]);
    expect([...decoded.series[0]!.values]).toEqual([1, 2000]);
    expect(decoded.series[1]?.name).toBe('sum(up)');
    expect(decoded.series[1]?.times).toHaveLength(0);
  });

  it('decodes \\u escapes, surrogate pairs and duplicate labels as JSON.parse does', () => {
    const text = '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"m\\u00e9","k":"first","k":"last","\\u0063ity":"M\\u00fcnchen \\ud83d\\udeb2 \\"q\\" \\/ \\t"},"values":[[1,"\\u0031.5"]]}]}}';
    const body = Buffer.from(text);
    const decoded = decodeMatrixBytes(body);
    expectSame(decoded, reference(body));
    expect(decoded.series[0]?.name).toBe('mé');
    expect(decoded.series[0]?.labels).toStrictEqual({ k: 'last', city: 'München 🚲 "q" / \t' });
    expect(decoded.series[0]?.values[0]).toBe(1.5);
  });
});

describe('the byte scanner against the reference on large answers', () => {
  it.each(['simple', 'rates'] as const)('500 × 1,440 synthetic %s values, bytes → columns equal JSON.parse + zod', (values) => {
    const body = Buffer.from(JSON.stringify(syntheticMatrix(500, 1440, { values })));
    const scanned = decodeMatrixBytes(body);
    expectSame(scanned, reference(body));
    expect(scanned.series).toHaveLength(500);
    expect(scanned.series[49]?.times[3]).toBe(1_700_000_000_000 + 3 * 60_000);
    if (values === 'simple') expect(scanned.series[49]?.values[1439]).toBe(49 + 1439 / 1000);
    else expect([scanned.series[0]?.values[11], scanned.series[0]?.values[12]]).toEqual([Infinity, -Infinity]);
  });
});

describe('the shared model built from columns', () => {
  it('sends NaN as a gap and ±Inf as a gap with a marker, and keeps everything else', () => {
    const columns = { name: 'x', labels: {}, times: new Float64Array([1, 2, 3, 4, 5]), values: new Float64Array([1.5, NaN, Infinity, -Infinity, -0]) };
    const [series] = toSeriesModel({ series: [columns], warnings: [] }).series;
    expect(series).toStrictEqual({ name: 'x', labels: {}, times: [1, 2, 3, 4, 5], values: [1.5, null, null, null, -0], posInf: [2], negInf: [3] });
    expect(SeriesSchema.safeParse(series).success).toBe(true);
    // The marker survives JSON, the web host's transport, where Infinity itself would become null.
    expect(SeriesSchema.parse(JSON.parse(JSON.stringify(series)))).toMatchObject({ posInf: [2], negInf: [3] });
  });
});
