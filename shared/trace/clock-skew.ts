import type { Span } from '../model/traces';
import type { SpanTree } from './tree';
import { formatMicros, type Warnings } from './warnings';

interface Shift {
  service: string;
  delta: number;
}

/**
 * Moves a server span (and the spans of the same service below it) back inside the client
 * call that caused it, when the two hosts' clocks disagree. The idea follows zipkin-lens:
 * skew is only detectable on a client → server edge between different services; assume the
 * network took equally long both ways; and the correction carries down to every descendant
 * on the same service (the same clock) until another client → server edge says otherwise.
 * Mutates the freshly normalised spans in place.
 */
export function correctClockSkew(spans: Span[], tree: SpanTree, warnings: Warnings): void {
  const { parent, childStart, children, roots } = tree;
  const inherited: (Shift | undefined)[] = new Array(spans.length);
  const queue: number[] = Array.from(roots);
  for (let head = 0; head < queue.length; head += 1) {
    const i = queue[head]!;
    const span = spans[i]!;
    let shift = inherited[i];
    if (shift && shift.service === span.service) moveSpan(span, shift.delta);
    const p = parent[i]!;
    if (p >= 0) {
      const own = skewOf(spans[p]!, span);
      if (own !== 0) {
        moveSpan(span, own);
        warnings.add(
          `clock skew: ${span.service} "${span.operation}" (${span.spanId}) was outside its client call from ${spans[p]!.service}; ${span.service}'s spans below it were shifted by ${own > 0 ? '+' : ''}${formatMicros(own)}`,
        );
        shift = { service: span.service, delta: (shift && shift.service === span.service ? shift.delta : 0) + own };
      }
    }
    for (let k = childStart[i]!; k < childStart[i + 1]!; k += 1) {
      const child = children[k]!;
      inherited[child] = shift;
      queue.push(child);
    }
  }
}

/** How far the server span must move to sit inside its client span; 0 when it already does. */
function skewOf(client: Span, server: Span): number {
  if (client.kind !== 'client' || server.kind !== 'server') return 0;
  // A call to itself shares one clock: nothing to correct.
  if (client.service === server.service) return 0;
  const cs = client.start;
  const cr = client.start + client.duration;
  const sr = server.start;
  const ss = server.start + server.duration;
  if (sr >= cs && ss <= cr) return 0;
  if (client.duration <= 0 || server.duration <= 0 || server.duration > client.duration) {
    // Cannot centre it; we only know the server cannot have started before it was called.
    return sr < cs ? cs - sr : 0;
  }
  const latency = (client.duration - server.duration) / 2;
  return cs + latency - sr;
}

function moveSpan(span: Span, delta: number): void {
  span.start += delta;
  for (const log of span.logs) log.time += delta;
}
