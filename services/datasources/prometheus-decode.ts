import { z } from 'zod';
import { seriesFromColumns, type Series } from '../../shared';
import { createMatrixScanner, NOT_SCANNED, SCAN_ERROR, type ScannedMatrix } from './prometheus-matrix-scanner';

/**
 * The Prometheus HTTP API envelope (also spoken by VictoriaMetrics, Thanos and Mimir),
 * for answers the byte scanner leaves to the general path: errors, other result types,
 * unexpected shapes. Points are checked by hand (`samplePoint`): a 500 × 1,440 answer has
 * 720k of them, and a schema per point costs more than the JSON parse itself.
 */
const MatrixItemSchema = z.object({
  metric: z.record(z.string(), z.string()),
  // Absent on a series that holds only native histograms (Prometheus 2.40+ sends `histograms` alone).
  values: z.unknown().optional(),
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

  /** @param answer the parsed answer, when it was parsed: an error envelope the connector words in its own way. */
  constructor(
    message: string,
    readonly answer?: unknown,
  ) {
    super(message);
  }
}

/** One series as decoded, before it becomes the shared model: NaN stays NaN, ±Inf stays ±Infinity. */
export interface ColumnarSeries {
  name: string;
  labels: Record<string, string>;
  /** Epoch milliseconds. */
  times: Float64Array;
  values: Float64Array;
}

export interface ColumnarMatrix {
  series: ColumnarSeries[];
  warnings: string[];
}

/** A range answer in the shared model (`shared/model/series.ts`): what panels draw from. */
export interface DecodedMatrix {
  series: Series[];
  warnings: string[];
}

const scanner = createMatrixScanner();

/**
 * A query_range answer from its bytes to columns: the byte scanner for a matrix, the
 * general path (JSON.parse + the envelope schema) for anything else. Throws
 * PrometheusDecodeError with one sentence saying what is wrong and where.
 */
export function decodeMatrixBytes(body: Uint8Array, fallbackName = '{}'): ColumnarMatrix {
  let scanned: ScannedMatrix;
  try {
    scanned = scanner.scan(body);
  } catch (error) {
    if (isNamed(error, NOT_SCANNED)) return decodeMatrixText(body, fallbackName);
    throw asDecodeError(error);
  }
  return fromScanned(scanned, fallbackName);
}

/** Names and labels for what the scanner read (here or in the worker). */
export function fromScanned(scanned: ScannedMatrix, fallbackName: string): ColumnarMatrix {
  const series = scanned.series.map(({ labels: pairs, times, values }) => {
    // Object.fromEntries, as JSON.parse: the last of duplicate labels wins, and "__proto__" stays a label.
    const { __name__: metricName, ...labels } = Object.fromEntries(pairs) as Record<string, string>;
    return { name: metricName ?? legend(labels, fallbackName), labels, times, values };
  });
  return { series, warnings: scanned.warnings };
}

/** The general path over bytes: JSON.parse, with the scanner saying where the JSON breaks when it does. */
export function decodeMatrixText(body: Uint8Array, fallbackName = '{}'): ColumnarMatrix {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PrometheusDecodeError(notJson(text) ?? scanner.jsonSyntaxError(body) ?? `something that is not JSON: ${firstLine(text)}`);
  }
  return decodeMatrixJson(json, fallbackName);
}

/** The general path: a parsed answer to columns; throws PrometheusDecodeError on any bad shape. */
export function decodeMatrixJson(json: unknown, fallbackName = '{}'): ColumnarMatrix {
  const envelope = PrometheusEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    throw new PrometheusDecodeError(`unexpected answer (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})`, json);
  }
  const body = envelope.data;
  if (body.status === 'error') {
    throw new PrometheusDecodeError(body.error ?? body.errorType ?? 'the query failed with no reason given', json);
  }
  if (body.data.resultType !== 'matrix') {
    throw new PrometheusDecodeError(`expected a range result (matrix) but got a ${body.data.resultType}`, json);
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
    const { __name__: metricName, ...labels } = item.metric;
    const points: unknown[] = item.values ?? [];
    const times = new Float64Array(points.length);
    const values = new Float64Array(points.length);
    for (let i = 0; i < points.length; i += 1) {
      try {
        [times[i], values[i]] = scanner.samplePoint(points[i], index, i);
      } catch (error) {
        throw asDecodeError(error);
      }
    }
    return { name: metricName ?? legend(labels, fallbackName), labels, times, values };
  });
  return { series, warnings: [...(body.warnings ?? []), ...(body.infos ?? [])] };
}

/** Columns to the shared model: NaN a gap, ±Infinity a gap with its marker. */
export function toSeriesModel(matrix: ColumnarMatrix): DecodedMatrix {
  return {
    series: matrix.series.map((s) => seriesFromColumns(s.name, s.labels, s.times, s.values)),
    warnings: matrix.warnings,
  };
}

/** A parsed answer straight to the shared model (the general path end to end). */
export function decodePrometheusMatrix(json: unknown, fallbackName = '{}'): DecodedMatrix {
  return toSeriesModel(decodeMatrixJson(json, fallbackName));
}

/** The label set as Prometheus prints it, e.g. {city="berlin", model="v2"}. */
export function legend(labels: Record<string, string>, empty = '{}'): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return empty;
  return `{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ')}}`;
}

/** A scanner error as the connector's error; anything else (a bug) passes through unchanged. */
export function asDecodeError(error: unknown): unknown {
  if (isNamed(error, SCAN_ERROR)) return new PrometheusDecodeError((error as Error).message);
  return error;
}

export function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

/** An answer that does not even start like JSON (a login page, a proxy's text) is best shown as itself. */
function notJson(text: string): string | undefined {
  const first = text.trimStart()[0];
  if (first === undefined || '{["-0123456789tfn'.includes(first)) return undefined;
  return `something that is not JSON: ${firstLine(text)}`;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
