import type { z } from 'zod';
import { decodePrometheusMatrix, PrometheusDecodeError } from './prometheus-decode';
import type { InstantResult, InstantSample } from './metrics-types';
import { parseSampleValue, type InstantDataSchema } from './prometheus-schemas';

/**
 * An instant query's answer (`/api/v1/query`) as samples. `json` is the whole answer, for
 * the range decoder when the result is a matrix (`up[5m]`). Throws PrometheusDecodeError
 * naming the bad sample.
 */
export function decodeInstant(data: z.output<typeof InstantDataSchema>, json: unknown, expr: string, warnings: string[]): InstantResult {
  switch (data.resultType) {
    case 'vector':
      return {
        resultType: 'vector',
        samples: data.result.map((item, index) => {
          const { __name__: name, ...labels } = item.metric;
          return sample(name ?? labelSet(labels, expr), labels, item.value, index);
        }),
        series: [],
        warnings,
      };
    case 'scalar':
      return { resultType: 'scalar', samples: [sample(expr, {}, data.result, 0)], series: [], warnings };
    case 'string':
      return { resultType: 'string', samples: [], series: [], text: data.result[1], warnings };
    case 'matrix':
      return { resultType: 'matrix', samples: [], series: decodePrometheusMatrix(json, expr).series, warnings };
  }
}

function sample(name: string, labels: Record<string, string>, [time, text]: [number, string], index: number): InstantSample {
  const value = parseSampleValue(text);
  if (value === undefined) throw new PrometheusDecodeError(`unexpected sample (result ${index}: value ${JSON.stringify(text.slice(0, 40))} is not a number)`);
  return { name, labels, time: Math.round(time * 1000), value };
}

/** The label set as Prometheus prints it, e.g. {city="berlin", model="v2"}; the expression when there are none. */
function labelSet(labels: Record<string, string>, empty: string): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return empty;
  return `{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ')}}`;
}
