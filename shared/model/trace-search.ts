import { z } from 'zod';
import { SpanKindSchema } from './traces';

const DAY_MS = 86_400_000;

/** How search results can be ordered: Jaeger UI's choices, plus most errors first. */
export const TraceSortSchema = z.enum(['recent', 'longest', 'shortest', 'most-spans', 'fewest-spans', 'most-errors']);
export type TraceSort = z.infer<typeof TraceSortSchema>;

const Name = z.string().trim().min(1).max(300);

/**
 * A trace search, the same for every backend: traces with a span of `service` (and
 * `operation`) carrying all `tags` (an empty value: the tag is present, with any value), whose
 * duration is within the bounds, that started in the `lookbackMs` before `end`. `query` is a
 * query in the backend's own language, sent as written (TraceQL for Tempo) instead of the
 * fields. Durations are microseconds, times epoch milliseconds.
 */
export const TraceSearchRequestSchema = z
  .object({
    source: z.string().optional(),
    service: Name.optional(),
    operation: Name.optional(),
    tags: z
      .record(z.string().trim().min(1).max(200), z.string().max(1000))
      .default({})
      .refine((tags) => Object.keys(tags).length <= 20, 'at most 20 tags'),
    minDurationUs: z.number().int().nonnegative().optional(),
    maxDurationUs: z.number().int().positive().optional(),
    /** Epoch ms; now when absent. */
    end: z.number().int().positive().optional(),
    lookbackMs: z.number().int().positive().max(30 * DAY_MS).default(3_600_000),
    limit: z.number().int().min(1).max(1000).default(20),
    query: z.string().trim().min(1).max(4000).optional(),
    sort: TraceSortSchema.default('recent'),
  })
  .refine((r) => r.minDurationUs === undefined || r.maxDurationUs === undefined || r.minDurationUs <= r.maxDurationUs, {
    message: 'the minimum duration is above the maximum',
    path: ['maxDurationUs'],
  });
export type TraceSearchRequest = z.input<typeof TraceSearchRequestSchema>;
export type ParsedTraceSearch = z.output<typeof TraceSearchRequestSchema>;

/** What a connector is asked: the request with its window fixed. */
export type TraceQuery = Omit<ParsedTraceSearch, 'source' | 'end'> & { end: number };

export const ServiceCountSchema = z.object({
  name: z.string(),
  /** Absent where the backend did not say (Tempo answers without per-service counts before 2.2). */
  spanCount: z.number().int().nonnegative().optional(),
  errorCount: z.number().int().nonnegative().optional(),
});
export type ServiceCount = z.infer<typeof ServiceCountSchema>;

/** One search result, whichever backend found it. Times epoch µs, durations µs. */
export const TraceSummarySchema = z.object({
  traceId: z.string(),
  rootService: z.string().optional(),
  rootOperation: z.string().optional(),
  start: z.number(),
  duration: z.number().nonnegative(),
  spanCount: z.number().int().nonnegative().optional(),
  errorCount: z.number().int().nonnegative().optional(),
  services: z.array(ServiceCountSchema),
  /** Spans with no end reported (they do not count in the duration). */
  unfinishedCount: z.number().int().nonnegative().optional(),
  /** Set when the backend returned only part of the trace. */
  partial: z.string().optional(),
});
export type TraceSummary = z.infer<typeof TraceSummarySchema>;

export const TraceSearchResultSchema = z.object({
  traces: z.array(TraceSummarySchema),
  /** What the search could not do exactly as asked (a filter applied here, not by the backend). */
  warnings: z.array(z.string()).default([]),
  /** As many traces as the limit: there may be more. */
  limitReached: z.boolean(),
});
export type TraceSearchResult = z.infer<typeof TraceSearchResultSchema>;

export const TraceOperationSchema = z.object({ name: z.string(), spanKind: SpanKindSchema.optional() });
export type TraceOperation = z.infer<typeof TraceOperationSchema>;

export const TraceServicesRequestSchema = z.object({ source: z.string().optional() });
export const TraceOperationsRequestSchema = z.object({
  source: z.string().optional(),
  service: Name,
  spanKind: SpanKindSchema.optional(),
});
