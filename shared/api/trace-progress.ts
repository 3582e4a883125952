import { z } from 'zod';
import { TraceColumnsWireSchema } from '../model/trace-columns';

/**
 * How far opening a trace is, for the console that asked (getTraceColumns with a `progressId`):
 * `asking` until the backend starts to answer, `receiving` while its bytes arrive (a
 * 100,000-span Zipkin answer is 34 MB), `reading` once they are all in and the host turns them
 * into the waterfall's columns, `sending` once they are made and on their way (with the
 * first rows, where the trace is large: TraceHeadSchema).
 */
export const TraceProgressPhaseSchema = z.enum(['asking', 'receiving', 'reading', 'sending']);
export type TraceProgressPhase = z.infer<typeof TraceProgressPhaseSchema>;

/**
 * The first rows of a large trace, sent ahead of the whole (shared/trace/columns-head.ts):
 * the page draws them while it receives and lays out the rest. `columns` is checked and
 * decoded by TraceColumnsSchema where it is used; the rest says what a part cannot about the whole.
 */
export const TraceHeadSchema = z.object({
  columns: TraceColumnsWireSchema,
  spanCount: z.number().int().min(0),
  start: z.number().refine(Number.isFinite),
  duration: z.number().min(0),
  services: z.array(z.string()),
  childCount: z.array(z.number().int().min(0)),
  errorBelow: z.array(z.number().int().min(0)),
});
export type TraceHead = z.infer<typeof TraceHeadSchema>;

/** What the host tells about one trace being opened. */
export const TraceFetchProgressSchema = z.object({
  phase: TraceProgressPhaseSchema,
  /** Bytes of the backend's answer in so far. */
  receivedBytes: z.number().int().min(0),
  /** The answer's announced size, where it is known (a compressed answer's is not: its bytes are counted unpacked). */
  totalBytes: z.number().int().min(0).optional(),
  /** With `sending`, for a large trace: its first rows. */
  head: TraceHeadSchema.optional(),
});
export type TraceFetchProgress = z.infer<typeof TraceFetchProgressSchema>;

/** The `traceProgress` event: sent to the asking console only. */
export const TraceProgressSchema = TraceFetchProgressSchema.extend({ progressId: z.string() });
export type TraceProgress = z.infer<typeof TraceProgressSchema>;
