import { z } from 'zod';
import type { Trace } from '../../shared';
import { TraceFormatError } from '../../shared/trace';
import type { SourceConfigOf } from '../config/sources';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import { baseUrl, redact } from './endpoint-url';
import { type DataSource, type DependencyLink, type DependencyWindow, SourceError, type TracesCapability } from './types';

/** What every trace connector does alike: check the id, say "not found" the same way, and normalise. */

/** How one trace backend answers "the trace with this id". */
export interface TraceByIdApi {
  /** The path under the source's URL for one (checked, lower-case hex) trace id. */
  path(traceId: string): string;
  headers?: Record<string, string>;
  /** Some stores answer an unknown id with 200 and an empty body rather than 404. */
  isEmpty?(json: unknown): boolean;
  /** A shared/trace normaliser: it parses the body with its own schemas. */
  normalize(json: unknown): Trace[];
  /** Where the backend answers "which service called which" (see DependenciesApi); absent where it cannot. */
  dependencies?: DependenciesApi;
}

/**
 * A backend's dependency-links endpoint. Zipkin and Jaeger take the same two query
 * parameters, both in epoch milliseconds: `endTs` and `lookback` (spans with a timestamp
 * in [endTs - lookback, endTs]).
 */
export interface DependenciesApi {
  /** The path under the source's URL. */
  path: string;
  /** Parses the answer down to its links (an answer that is not links is an issue, reported as such). */
  schema: z.ZodType<DependencyLink[]>;
}

/** One link as both Zipkin (`[{…}]`) and Jaeger (`{data: [{…}]}`) write it; Zipkin leaves `errorCount` out when it is 0, Jaeger never sends it. */
export const DependencyLinkSchema = z.object({
  parent: z.string(),
  child: z.string(),
  callCount: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative().default(0),
});

/** A source whose capability is fetching a trace by id (Zipkin, Jaeger, Tempo), and where the backend can, its dependency links. */
export function traceByIdSource(config: SourceConfigOf<'zipkin' | 'jaeger' | 'tempo'>, deps: SourceDeps, api: TraceByIdApi): DataSource {
  const base = baseUrl(config.url);
  const host = new URL(base).host;
  const http = sourceHttp(config, deps);

  async function getTrace(traceId: string, signal?: AbortSignal): Promise<Trace> {
    const id = validTraceId(config.id, traceId);
    const json = await http.json(`${base}${api.path(id)}`, z.unknown(), {
      ...(api.headers ? { headers: api.headers } : {}),
      signal,
      refused: (status) => (status === 404 ? traceNotFound(config, id) : undefined),
    });
    if (api.isEmpty?.(json)) throw traceNotFound(config, id);
    return normalizedTrace(config, host, id, () => api.normalize(json));
  }

  const traces: TracesCapability = { getTrace };
  const links = api.dependencies;
  if (links) {
    traces.dependencies = async (window: DependencyWindow, signal?: AbortSignal): Promise<DependencyLink[]> => {
      const { endTs, lookbackMs } = window;
      if (!Number.isSafeInteger(endTs) || endTs <= 0 || !Number.isSafeInteger(lookbackMs) || lookbackMs <= 0) {
        throw new SourceError(config.id, `a dependency window needs whole positive milliseconds (endTs ${endTs}, lookback ${lookbackMs})`, 'rejected');
      }
      const query = new URLSearchParams({ endTs: String(endTs), lookback: String(lookbackMs) });
      return http.json(`${base}${links.path}?${query.toString()}`, links.schema, { signal });
    };
  }
  return { id: config.id, kind: config.kind, name: config.name, endpoint: redact(base), traces };
}

/** Trace ids are 1 to 32 hex digits (64- or 128-bit); anything else never reaches a URL. */
export function validTraceId(sourceId: string, traceId: string): string {
  const id = traceId.trim().toLowerCase();
  if (!/^[0-9a-f]{1,32}$/.test(id)) {
    throw new SourceError(sourceId, `"${traceId}" is not a trace id (1 to 32 hex digits)`, 'rejected');
  }
  return id;
}

export function traceNotFound(source: { id: string; name: string }, traceId: string): SourceError {
  return new SourceError(source.id, `${source.name} has no trace with id ${traceId} (it may have expired or not been sampled)`, 'not_found');
}

/**
 * Runs a shared/trace normaliser and picks the trace asked for: a store may answer with
 * several (64-bit and 128-bit ids that share their low half); the exact id wins, then one
 * whose id ends with it, then the first.
 */
export function normalizedTrace(source: { id: string; name: string }, host: string, traceId: string, normalize: () => Trace[]): Trace {
  let traces: Trace[];
  try {
    traces = normalize();
  } catch (error) {
    if (error instanceof TraceFormatError) throw new SourceError(source.id, `${host} sent a trace Lockstep cannot read: ${error.message}`);
    throw error;
  }
  const padded = traceId.padStart(32, '0');
  const match =
    traces.find((t) => t.traceId === traceId || t.traceId.padStart(32, '0') === padded) ??
    traces.find((t) => t.traceId.endsWith(traceId) || traceId.endsWith(t.traceId)) ??
    traces[0];
  if (!match) throw traceNotFound(source, traceId);
  return match;
}
