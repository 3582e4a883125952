import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticMatrix } from '../../testing/synthetic-matrix';
import { decodePrometheusMatrix, legend, PrometheusDecodeError } from './prometheus-decode';

const recorded = (file: string): unknown => JSON.parse(readFileSync(join(__dirname, 'testdata', file), 'utf8'));

describe('decodePrometheusMatrix on recorded answers', () => {
  it('decodes a real Prometheus 2.42 matrix, NaN as a gap and ±Inf as infinities', () => {
    const { series } = decodePrometheusMatrix(recorded('prometheus/query_range_matrix.json'));
    expect(series.map((s) => `${s.name}${legend(s.labels)}`)).toContain(
      'test_temperature{city="berlin", instance="127.0.0.1:40257", job="exporter", sensor="a"}',
    );
    const byKind = (kind: string) => series.find((s) => s.labels.kind === kind);
    expect(byKind('nan')?.values).toEqual([null]);
    expect(byKind('pinf')?.values).toEqual([Infinity]);
    expect(byKind('ninf')?.values).toEqual([-Infinity]);
    const berlin = series.find((s) => s.labels.city === 'berlin');
    expect(berlin?.times).toEqual([1795550960021]);
    expect(berlin?.values).toEqual([21.5]);
    expect(berlin?.labels).not.toHaveProperty('__name__');
  });

  it('decodes a real VictoriaMetrics 1.79 matrix with the same code', () => {
    const { series } = decodePrometheusMatrix(recorded('victoriametrics/query_range_matrix.json'));
    const paris = series.find((s) => s.labels.city === 'paris')!;
    expect(paris.name).toBe('test_temperature');
    expect(paris.times).toHaveLength(6);
    expect(paris.times[1]! - paris.times[0]!).toBe(1000);
    expect(new Set(paris.values)).toEqual(new Set([19.25]));
  });

  it('reports the error text of a rejected query from either server', () => {
    expect(() => decodePrometheusMatrix(recorded('prometheus/query_range_bad_query.json'))).toThrow(
      /unclosed left parenthesis/,
    );
    expect(() => decodePrometheusMatrix(recorded('victoriametrics/query_range_bad_query.json'))).toThrow(
      /unexpected token/,
    );
  });

  it('names a series without __name__ by its labels, or by the fallback when it has none', () => {
    const json = {
      status: 'success',
      warnings: ['partial data'],
      data: {
        resultType: 'matrix',
        result: [
          { metric: { city: 'paris', a: 'x' }, values: [[1, '1']] },
          { metric: {}, values: [[1.5, '2e3']] },
        ],
      },
    };
    const decoded = decodePrometheusMatrix(json, 'sum(up)');
    expect(decoded.series[0]?.name).toBe('{a="x", city="paris"}');
    expect(decoded.series[1]?.name).toBe('sum(up)');
    expect(decoded.series[1]?.times).toEqual([1500]);
    expect(decoded.series[1]?.values).toEqual([2000]);
    expect(decoded.warnings).toEqual(['partial data']);
  });

  it.each([
    ['a vector instead of a matrix', { status: 'success', data: { resultType: 'vector', result: [] } }, /expected a range result/],
    ['a point that is not a pair', matrixWith([[1, '1', 2]]), /series 0, point 0/],
    ['a value that is a number', matrixWith([[1, 1]]), /value a string/],
    ['a value that is not numeric', matrixWith([[1, '1'], [2, 'lots']]), /point 1.*"lots"/],
    ['an empty value', matrixWith([[1, '']]), /not a number/],
    ['labels that are not strings', { status: 'success', data: { resultType: 'matrix', result: [{ metric: { a: 1 }, values: [] }] } }, /result\.0\.metric\.a/],
    ['no status', { data: {} }, /unexpected answer/],
  ])('rejects %s', (_what, json, message) => {
    expect(() => decodePrometheusMatrix(json)).toThrow(PrometheusDecodeError);
    expect(() => decodePrometheusMatrix(json)).toThrow(message);
  });

  it('keeps a large answer columnar and in order', () => {
    const json = syntheticMatrix(50, 1440);
    const { series } = decodePrometheusMatrix(JSON.parse(JSON.stringify(json)));
    expect(series).toHaveLength(50);
    expect(series[49]?.times).toHaveLength(1440);
    expect(series[49]?.values[1439]).toBe(49 + 1439 / 1000);
    expect(series[7]?.times[3]).toBe(1_700_000_000_000 + 3 * 60_000);
  });
});

function matrixWith(values: unknown[]): unknown {
  return { status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'x' }, values }] } };
}

