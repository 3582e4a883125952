import { z } from 'zod';

export const SpanKindSchema = z.enum(['client', 'server', 'producer', 'consumer', 'internal']);
export type SpanKind = z.infer<typeof SpanKindSchema>;

/**
 * The four moments of one RPC, epoch microseconds. Any of them may be missing (a
 * one-sided span, an async message); the derived durations are only shown when both
 * ends are known.
 */
export const RpcTimesSchema = z.object({
  cs: z.number().optional(),
  sr: z.number().optional(),
  ss: z.number().optional(),
  cr: z.number().optional(),
});
export type RpcTimes = z.infer<typeof RpcTimesSchema>;

/**
 * One span of the internal trace model, whatever backend it came from (Zipkin, Jaeger,
 * OTLP/Tempo, the demo fleet). Times are epoch microseconds, the unit all three use.
 * A client span and the server span that answers it stay two spans; `rpc` on the server
 * span carries the merged CS/SR/SS/CR so the waterfall can split network from server time.
 */
export const SpanSchema = z.object({
  spanId: z.string(),
  parentId: z.string().optional(),
  service: z.string(),
  operation: z.string(),
  kind: SpanKindSchema,
  start: z.number(),
  duration: z.number(),
  tags: z.record(z.string(), z.string()),
  logs: z
    .array(z.object({ time: z.number(), fields: z.record(z.string(), z.string()) }))
    .default([]),
  error: z.boolean(),
  rpc: RpcTimesSchema.optional(),
});
export type Span = z.infer<typeof SpanSchema>;

export const TraceSchema = z.object({
  traceId: z.string(),
  spans: z.array(SpanSchema),
  /** Problems found while normalising (duplicate ids, orphans, clock skew). */
  warnings: z.array(z.string()).default([]),
});
export type Trace = z.infer<typeof TraceSchema>;

export const TraceRequestSchema = z.object({
  source: z.string().optional(),
  traceId: z.string().regex(/^[0-9a-fA-F]{1,32}$/, 'a trace id is 1 to 32 hex digits'),
});
export type TraceRequest = z.infer<typeof TraceRequestSchema>;
