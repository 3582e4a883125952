import { z } from 'zod';
import type { Series } from '../../shared';

/**
 * The Prometheus HTTP API envelope (also spoken by VictoriaMetrics, Thanos and Mimir).
 * Points are checked by hand in `decodePrometheusMatrix`: a 500 × 1,440 answer has
 * 720k of them, and a schema per point costs more than the JSON parse itself.
 */
const MatrixItemSchema = z.object({
  metric: z.record(z.string(), z.string()),
  // Checked by hand below: a schema walk over 720k points doubles the decode time.
  values: z.unknown(),
});

export const PrometheusEnvelopeSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.object({ resultType: z.string(), result: z.unknown() }),
    warnings: z.array(z.string()).optional(),
    infos: z.array(z.string()).optional(),
  }),
  z.object({
    status: z.literal('error'),
    errorType: z.string().optional(),
    error: z.string().optional(),
    warnings: z.array(z.string()).optional(),
  }),
]);
export type PrometheusEnvelope = z.infer<typeof PrometheusEnvelopeSchema>;

export class PrometheusDecodeError extends Error {
  override name = 'PrometheusDecodeError';
}

export interface DecodedMatrix {
  series: Series[];
  warnings: string[];
}

/** Decodes a parsed query_range answer into columnar series; throws PrometheusDecodeError on any bad shape. */
export function decodePrometheusMatrix(json: unknown, fallbackName = '{}'): DecodedMatrix {
  const envelope = PrometheusEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    throw new PrometheusDecodeError(`unexpected answer (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})`);
  }
  const body = envelope.data;
  if (body.status === 'error') {
    throw new PrometheusDecodeError(body.error ?? body.errorType ?? 'the query failed with no reason given');
  }
  if (body.data.resultType !== 'matrix') {
    throw new PrometheusDecodeError(`expected a range result (matrix) but got a ${body.data.resultType}`);
  }
  const items = z.array(MatrixItemSchema).safeParse(body.data.result);
  if (!items.success) {
    const issue = items.error.issues[0];
    throw new PrometheusDecodeError(`unexpected series (result.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`);
  }
  const series = items.data.map((item, index) => {
    if (item.values !== undefined && !Array.isArray(item.values)) {
      throw new PrometheusDecodeError(`unexpected series (result.${index}.values: expected an array of samples)`);
    }
    return decodeSeries(item.metric, item.values ?? [], index, fallbackName);
  });
  return { series, warnings: [...(body.warnings ?? []), ...(body.infos ?? [])] };
}

function decodeSeries(metric: Record<string, string>, points: unknown[], index: number, fallbackName: string): Series {
  const { __name__: metricName, ...labels } = metric;
  const n = points.length;
  const times = new Array<number>(n);
  const values = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const point = points[i];
    if (!Array.isArray(point) || point.length !== 2) throw badPoint(index, i, 'not a [time, "value"] pair');
    const t = point[0];
    const v = point[1];
    if (typeof t !== 'number' || typeof v !== 'string') throw badPoint(index, i, 'time must be a number and value a string');
    times[i] = Math.round(t * 1000);
    values[i] = sampleValue(v, index, i);
  }
  return { name: metricName ?? legend(labels, fallbackName), labels, times, values };
}

/** Prometheus sends samples as strings so NaN and ±Inf survive JSON; NaN becomes a gap. */
function sampleValue(text: string, series: number, point: number): number | null {
  const value = text.length > 0 ? Number(text) : NaN;
  if (!Number.isNaN(value)) return value;
  if (text === 'NaN') return null;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  throw badPoint(series, point, `value ${JSON.stringify(text.slice(0, 40))} is not a number`);
}

function badPoint(series: number, point: number, why: string): PrometheusDecodeError {
  return new PrometheusDecodeError(`unexpected sample (series ${series}, point ${point}: ${why})`);
}

/** The label set as Prometheus prints it, e.g. {city="berlin", model="v2"}. */
export function legend(labels: Record<string, string>, empty = '{}'): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return empty;
  return `{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ')}}`;
}
