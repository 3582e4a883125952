import { z } from 'zod';

/**
 * Which service calls which: `{ "ride-service": ["lock-service", "payment-service"] }`.
 * Correlation reads it (a failing callee explains its callers) and so do rollback offers
 * (a release of anything the alerting service calls can be the cause); one graph serves both.
 */
export const CallGraphSchema = z.record(z.string().min(1).max(200), z.array(z.string().min(1).max(200)).max(200));
export type CallGraph = z.infer<typeof CallGraphSchema>;

/** The services `services` call, directly or transitively, themselves included (cycles are fine). */
export function downstreamOf(services: readonly string[], graph: Readonly<Record<string, readonly string[]>>): Set<string> {
  const seen = new Set<string>();
  const stack = [...services];
  while (stack.length > 0) {
    const service = stack.pop()!;
    if (seen.has(service)) continue;
    seen.add(service);
    for (const callee of graph[service] ?? []) if (!seen.has(callee)) stack.push(callee);
  }
  return seen;
}
