import type { Span } from '../model/traces';
import type { Warnings } from './warnings';

/**
 * Jaeger and OTLP payloads can repeat a span id: an exact copy (a span reported twice), the
 * client and server halves of a Zipkin-instrumented RPC, or two unrelated spans. Copies go,
 * a server half becomes `${id}:server` under its client, anything else gets a distinct id.
 */
export function dedupeSpanIds(spans: Span[], warnings: Warnings): Span[] {
  const firstById = new Map<string, Span>();
  const serverHalves = new Map<string, Span>();
  const out: Span[] = [];
  let copies = 0;
  for (const span of spans) {
    const first = firstById.get(span.spanId);
    if (!first) {
      firstById.set(span.spanId, span);
      out.push(span);
      continue;
    }
    if (isSameSpan(first, span)) {
      copies += 1;
      continue;
    }
    const id = span.spanId;
    if (first.kind === 'client' && span.kind === 'server' && !serverHalves.has(id)) {
      span.spanId = `${id}:server`;
      span.parentId = id;
      serverHalves.set(id, span);
    } else {
      let k = 1;
      while (firstById.has(`${id}:dup${k}`)) k += 1;
      span.spanId = `${id}:dup${k}`;
      firstById.set(span.spanId, span);
      warnings.add(`two different spans share the id ${id} ("${first.operation}" and "${span.operation}"); the second is shown as ${span.spanId}`);
    }
    out.push(span);
  }
  if (copies > 0) warnings.add(`${copies} span${copies === 1 ? ' was' : 's were'} reported twice; the copies were dropped`);
  if (serverHalves.size > 0) {
    // Work done by the server names the shared id as its parent; hang it under the server half.
    for (const span of out) {
      const server = span.parentId === undefined ? undefined : serverHalves.get(span.parentId);
      if (server && span !== server && span.service === server.service) span.parentId = server.spanId;
    }
  }
  return out;
}

function isSameSpan(a: Span, b: Span): boolean {
  return (
    a.service === b.service &&
    a.operation === b.operation &&
    a.start === b.start &&
    a.duration === b.duration &&
    a.kind === b.kind &&
    a.parentId === b.parentId
  );
}
