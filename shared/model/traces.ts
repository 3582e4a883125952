import { z } from 'zod';
import { upgradeLegacyTrace } from './traces-legacy';

export const SpanKindSchema = z.enum(['client', 'server', 'producer', 'consumer', 'internal']);
export type SpanKind = z.infer<typeof SpanKindSchema>;

/**
 * The four moments of one RPC, epoch microseconds. Any of them may be missing (a
 * one-sided span, an async message, a call that never ended); a network or server time is
 * only derived when both of its ends are known.
 */
export const RpcTimesSchema = z.object({
  cs: z.number().optional(),
  sr: z.number().optional(),
  ss: z.number().optional(),
  cr: z.number().optional(),
});
export type RpcTimes = z.infer<typeof RpcTimesSchema>;

export const StatusCodeSchema = z.enum(['unset', 'ok', 'error']);
export type StatusCode = z.infer<typeof StatusCodeSchema>;

/**
 * OpenTelemetry's span status, derived from everything the span says: its own status (OTLP,
 * Jaeger's `otel.status_code`), an `error` tag (Zipkin, Jaeger) and the HTTP or gRPC status
 * it recorded. `reported` is what the instrumentation itself said when that disagrees with
 * the evidence (it reported OK beside an HTTP 504).
 */
export const SpanStatusSchema = z.object({
  code: StatusCodeSchema,
  message: z.string().optional(),
  reported: StatusCodeSchema.optional(),
});
export type SpanStatus = z.infer<typeof SpanStatusSchema>;

const AttributesSchema = z.record(z.string(), z.string());

/** Something that happened during the span (OTel event; Zipkin annotation; Jaeger log). */
export const SpanEventSchema = z.object({
  time: z.number(),
  name: z.string(),
  attributes: AttributesSchema.default({}),
});
export type SpanEvent = z.infer<typeof SpanEventSchema>;

/**
 * A span this one points at other than its parent: Jaeger's FOLLOWS_FROM and extra CHILD_OF
 * references, OTLP links; often into another trace (a batch job, a message consumed later).
 */
export const SpanLinkSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  type: z.enum(['child_of', 'follows_from', 'link']),
  attributes: AttributesSchema.optional(),
});
export type SpanLink = z.infer<typeof SpanLinkSchema>;

/**
 * The process a span ran in (OTel resource; Jaeger process; Zipkin local endpoint). `host`
 * names the machine whose clock stamped the span — the Zipkin endpoint's address and port,
 * Jaeger's `hostname`/`ip` process tags, OTel's `host.name` — and is what clock skew is
 * measured between.
 */
export const ResourceSchema = z.object({
  service: z.string(),
  version: z.string().optional(),
  host: z.string().optional(),
  attributes: AttributesSchema.default({}),
});
export type Resource = z.infer<typeof ResourceSchema>;

/**
 * One span of the trace model, whatever backend it came from (Zipkin, Jaeger, OTLP/Tempo,
 * the demo fleet). Times are epoch microseconds, the unit all three use.
 *
 * `spanId` is unique within the trace. Where the backend reported several records under one
 * id (a Zipkin client and server sharing it, a message received on five hosts, a duplicate),
 * each row gets its own `spanId` (`…:server`, `…:server2`, `…:2`) and keeps the id as
 * reported in `reportedId`, with a note saying so. `parentId` is the parent row's `spanId`.
 *
 * An `unfinished` span has a start but no end was reported: its `duration` is 0 and it never
 * stretches the trace. `rpc` holds CS/SR/SS/CR on both halves of a call; `notes` say what
 * normalisation did to this span (merged records, clock skew moved it, times clamped).
 */
export const SpanSchema = z.object({
  spanId: z.string(),
  reportedId: z.string().optional(),
  parentId: z.string().optional(),
  service: z.string(),
  operation: z.string(),
  kind: SpanKindSchema,
  /** Index into the trace's `resources`. */
  resource: z.number().int().nonnegative(),
  start: z.number(),
  duration: z.number(),
  unfinished: z.boolean().optional(),
  attributes: AttributesSchema,
  events: z.array(SpanEventSchema).default([]),
  status: SpanStatusSchema,
  links: z.array(SpanLinkSchema).optional(),
  rpc: RpcTimesSchema.optional(),
  notes: z.array(z.string()).optional(),
});
export type Span = z.infer<typeof SpanSchema>;

export const TraceSchema = z.preprocess(
  upgradeLegacyTrace,
  z.object({
    traceId: z.string(),
    spans: z.array(SpanSchema),
    resources: z.array(ResourceSchema).default([]),
    /** Problems found while normalising (orphans, clock skew, records that were not spans). */
    warnings: z.array(z.string()).default([]),
    /** Set when the backend said this is only part of the trace (Tempo's PARTIAL), with its reason. */
    partial: z.string().optional(),
  }),
);
export type Trace = z.infer<typeof TraceSchema>;

/** A caller's name for one open, echoed in its progress events (any string it picks; the web console uses a random one). */
export const TraceProgressIdSchema = z.string().min(1).max(100);

export const TraceRequestSchema = z.object({
  source: z.string().optional(),
  traceId: z.string().regex(/^[0-9a-fA-F]{1,32}$/, 'a trace id is 1 to 32 hex digits'),
  /** Asks for `traceProgress` events under this name while the trace is fetched (getTraceColumns). */
  progressId: TraceProgressIdSchema.optional(),
});
export type TraceRequest = z.infer<typeof TraceRequestSchema>;
