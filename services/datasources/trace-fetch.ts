import { z } from 'zod';
import type { Trace } from '../../shared';
import { TraceFormatError } from '../../shared/trace';
import type { TraceFetchProgress } from '../../shared/api/trace-progress';
import type { TraceColumns } from '../../shared/model/trace-columns';
import { type ByteReader, mapByteReader } from '../../shared/text/byte-reader';
import { encodeTraceColumns } from '../../shared/trace/columns-codec';
import type { SourceConfigOf } from '../config/sources';
import type { BodyReader } from '../http/body-reader';
import type { TransferWatch } from '../http/decoded-body';
import { sourceHttp, type SourceDeps, type SourceHttp } from '../http/source-http';
import type { ColumnsThread } from '../traces/columns-thread';
import { baseUrl, redact } from './endpoint-url';
import { type DataSource, type DependencyLink, type DependencyWindow, SourceError, type TracesCapability } from './types';

/** What every trace connector does alike: check the id, say "not found" the same way, and normalise. */

/**
 * One way a backend answers "the trace with this id": a path under the source's URL for one
 * (checked, lower-case hex) id, and how to read the answer.
 */
export interface TraceByIdRoute {
  /** Names the API version in words ("v2", "v3") for the route memory and messages. */
  name: string;
  path(traceId: string): string;
  /** Some stores answer an unknown id with 200 and an empty body rather than 404. */
  isEmpty?(json: unknown): boolean;
  /** A shared/trace normaliser: it parses the body with its own schemas. */
  normalize(json: unknown): Trace[];
  /**
   * Reads the answer straight from its bytes where it can (the common shape of a large trace),
   * giving exactly what `normalize` gives; undefined sends the answer through JSON.parse,
   * `isEmpty` and `normalize` as usual.
   */
  scan?: ByteReader<Trace>;
  /**
   * The same answer read straight into the columns the page draws from, for getTraceColumns:
   * undefined sends it the way getTrace reads it, and that trace is encoded.
   */
  scanColumns?: ByteReader<TraceColumns>;
}

/** How one caller wants the trace: its own reader of the bytes (where a route has one), and what it makes of a normalised trace. */
interface TraceReader<T> {
  scan(route: TraceByIdRoute): BodyReader<T> | undefined;
  fromTrace(trace: Trace): T;
}

const AS_TRACE: TraceReader<Trace> = { scan: (route) => route.scan, fromTrace: (trace) => trace };

/**
 * A 100,000-span trace goes from the answer's bytes to columns with no span object between,
 * where the route can (zipkin-columns.ts), and on the columns thread where the host has one.
 */
function asColumns(thread: ColumnsThread | undefined): TraceReader<TraceColumns> {
  return {
    scan: (route) => {
      if (route.scanColumns) return thread ? thread.reader(route.scanColumns) : route.scanColumns;
      return route.scan && mapByteReader(route.scan, encodeTraceColumns);
    },
    fromTrace: encodeTraceColumns,
  };
}

/** How one trace backend answers "the trace with this id", and what else it can do. */
export interface TraceByIdApi {
  /**
   * The routes to try, in order: the next is only asked when the server says the route does
   * not exist (an older Tempo without /api/v2, a Jaeger serving only its v3 API); once known
   * missing, a route is skipped for this source.
   */
  routes: readonly TraceByIdRoute[];
  headers?: Record<string, string>;
  /** Where the backend answers "which service called which" (see DependenciesApi); absent where it cannot. */
  dependencies?: DependenciesApi;
  /** The search, service and operation lookups this backend has. */
  more?(context: TraceApiContext): Omit<TracesCapability, 'getTrace' | 'getTraceColumns' | 'dependencies'>;
}

/** What a connector's extra calls are built from. */
export interface TraceApiContext {
  config: SourceConfigOf<'zipkin' | 'jaeger' | 'tempo'>;
  http: SourceHttp;
  /** The source's URL, no trailing slash. */
  base: string;
  /** Its host, for messages. */
  host: string;
  /** Routes this source has shown not to have (a path template, e.g. "/api/v2/traces"). */
  missing: Set<string>;
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
  const missing = new Set<string>();

  async function fetchTrace<T>(traceId: string, signal: AbortSignal | undefined, reader: TraceReader<T>, onProgress?: (progress: TraceFetchProgress) => void): Promise<T> {
    const id = validTraceId(config.id, traceId);
    const routes = api.routes.filter((r) => !missing.has(r.name));
    onProgress?.({ phase: 'asking', receivedBytes: 0 });
    for (let k = 0; k < routes.length; k += 1) {
      const route = routes[k]!;
      const last = k === routes.length - 1;
      const request = {
        ...(api.headers ? { headers: api.headers } : {}),
        ...(onProgress ? { watch: transferProgress(onProgress) } : {}),
        signal,
        refused: (status: number, _reason: string, text: string) => {
          if (status !== 404) return undefined;
          return !last && routeMissing(text) ? new RouteMissing(config.id) : traceNotFound(config, id);
        },
      };
      let json: unknown;
      try {
        const url = `${base}${route.path(id)}`;
        const scan = reader.scan(route);
        if (scan) {
          const answer = await http.scanned(url, scan, z.unknown(), request);
          // A scan reads one trace: normalizedTrace would pick it whatever its id, as it picks a lone trace.
          if ('scanned' in answer) return answer.scanned;
          json = answer.json;
        } else {
          json = await http.json(url, z.unknown(), request);
        }
      } catch (error) {
        if (error instanceof RouteMissing) {
          missing.add(route.name);
          continue;
        }
        throw error;
      }
      if (route.isEmpty?.(json)) throw traceNotFound(config, id);
      return reader.fromTrace(normalizedTrace(config, host, id, () => route.normalize(json)));
    }
    throw traceNotFound(config, id);
  }

  // A source whose answers are read on the columns worker has it loaded now, in the background,
  // so that its first large trace does not wait for it (until it is ready, traces are read here).
  const thread = deps.columnsThread;
  if (thread && api.routes.some((route) => route.scanColumns !== undefined && thread.takes(route.scanColumns))) void thread.start();

  const traces: TracesCapability = {
    getTrace: (traceId, signal) => fetchTrace(traceId, signal, AS_TRACE),
    getTraceColumns: (traceId, signal, onProgress) => fetchTrace(traceId, signal, asColumns(deps.columnsThread), onProgress),
  };
  if (api.more) Object.assign(traces, api.more({ config, http, base, host, missing }));
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

/** An answer's arrival as a trace open's progress: its bytes while they come, then the reading of them. */
function transferProgress(onProgress: (progress: TraceFetchProgress) => void): TransferWatch {
  return (received, total, complete) =>
    onProgress({ phase: complete ? 'reading' : 'receiving', receivedBytes: received, ...(total !== undefined ? { totalBytes: total } : {}) });
}

/** One of the ways to ask a backend for something, its answer read into the shape all of them share. */
export interface JsonRoute<T> {
  /** A path template naming the route ("/api/v2/search/tags"), remembered when missing. */
  name: string;
  url: string;
  schema: z.ZodType<T>;
  /** The route's own words for a refusal (see JsonOptions.refused). */
  refused?: (status: number, reason: string, text: string) => SourceError | undefined;
}

/**
 * GETs the first of `routes` the server has: a route that answers "no such route" is
 * remembered as missing for this source and the next is asked; the last route's refusal
 * is final, in its own words.
 */
export async function firstRoute<T>(context: TraceApiContext, routes: readonly JsonRoute<T>[], signal?: AbortSignal): Promise<T> {
  const open = routes.filter((r) => !context.missing.has(r.name));
  const tried = open.length > 0 ? open : routes.slice(-1);
  for (let k = 0; k < tried.length; k += 1) {
    const route = tried[k]!;
    const last = k === tried.length - 1;
    try {
      return await context.http.json(route.url, route.schema, {
        signal,
        refused: (status, reason, text) => {
          if (status === 404 && !last && routeMissing(text)) return new RouteMissing(context.config.id);
          return route.refused?.(status, reason, text);
        },
      });
    } catch (error) {
      if (!(error instanceof RouteMissing)) throw error;
      context.missing.add(route.name);
    }
  }
  throw new SourceError(context.config.id, `${context.config.name} (${context.host}) has none of ${routes.map((r) => r.name).join(', ')}`, 'not_found');
}

/** Thrown inside a refusal to say "this server has no such route": the caller tries the next. */
export class RouteMissing extends SourceError {
  constructor(sourceId: string) {
    super(sourceId, 'the route does not exist on this server', 'not_found');
  }
}

/**
 * A 404 that means "no such route" rather than "no such trace": Go's own "404 page not
 * found" (Tempo, Jaeger), or an HTML page from a proxy in front. A backend that knows the
 * route answers its own words ("trace not found", Jaeger's JSON envelope).
 */
export function routeMissing(text: string): boolean {
  const body = text.trimStart();
  return body.startsWith('404 page not found') || /^<(!doctype|html)/i.test(body);
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
