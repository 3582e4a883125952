import { z } from 'zod';

/**
 * How far opening a trace is, for the console that asked (getTraceColumns with a `progressId`):
 * `asking` until the backend starts to answer, `receiving` while its bytes arrive (a
 * 100,000-span Zipkin answer is 34 MB), `reading` once they are all in and the host turns them
 * into the waterfall's columns.
 */
export const TraceProgressPhaseSchema = z.enum(['asking', 'receiving', 'reading']);
export type TraceProgressPhase = z.infer<typeof TraceProgressPhaseSchema>;

/** What the host tells about one trace being opened. */
export const TraceFetchProgressSchema = z.object({
  phase: TraceProgressPhaseSchema,
  /** Bytes of the backend's answer in so far. */
  receivedBytes: z.number().int().min(0),
  /** The answer's announced size, where it is known (a compressed answer's is not: its bytes are counted unpacked). */
  totalBytes: z.number().int().min(0).optional(),
});
export type TraceFetchProgress = z.infer<typeof TraceFetchProgressSchema>;

/** The `traceProgress` event: sent to the asking console only. */
export const TraceProgressSchema = TraceFetchProgressSchema.extend({ progressId: z.string() });
export type TraceProgress = z.infer<typeof TraceProgressSchema>;

/** A caller's name for one open, echoed in its progress events (any string it picks; the web console uses a random one). */
export const TraceProgressIdSchema = z.string().min(1).max(100);
