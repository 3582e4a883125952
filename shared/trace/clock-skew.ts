import type { Resource, Span } from '../model/traces';
import { addNote } from './notes';
import { clockOf, whereOf } from './resources';
import type { SpanTree } from './tree';
import { formatMicros, type Warnings } from './warnings';

interface Shift {
  clock: string;
  delta: number;
}

/**
 * Moves a server span (and the spans below it stamped by the same clock) back inside the
 * client call that caused it, when the two hosts' clocks disagree. Following zipkin-lens:
 * skew is only detectable on a client → server edge, and only between different clocks —
 * compared by host (Zipkin endpoint address and port, Jaeger's host tags, OTel's host.name),
 * so two hosts of one service are corrected too, and a call within one host never is. The
 * network is assumed to take equally long both ways; the correction carries down to every
 * descendant on the same host until another client → server edge says otherwise. A server
 * already inside its client call is left alone. Mutates the freshly normalised spans.
 */
export function correctClockSkew(spans: Span[], resources: readonly Resource[], tree: SpanTree, warnings: Warnings): void {
  const { parent, childStart, children, roots } = tree;
  const clockByResource = resources.map((r) => clockOf(r, r.service));
  const clocks = spans.map((span) => clockByResource[span.resource] ?? clockOf(undefined, span.service));
  const inherited: (Shift | undefined)[] = new Array(spans.length);
  const queue: number[] = Array.from(roots);
  for (let head = 0; head < queue.length; head += 1) {
    const i = queue[head]!;
    const span = spans[i]!;
    let shift = inherited[i];
    if (shift && shift.clock === clocks[i]) {
      moveSpan(span, shift.delta);
      addNote(span, `moved ${signed(shift.delta)} with the clock of ${whereOf(resources[span.resource], span.service)}, corrected on a call above it`);
    } else {
      shift = undefined;
    }
    const p = parent[i]!;
    if (p >= 0 && clocks[p] !== clocks[i]) {
      const client = spans[p]!;
      const own = skewOf(client, span);
      if (own !== 0) {
        moveSpan(span, own);
        const from = whereOf(resources[client.resource], client.service);
        const to = whereOf(resources[span.resource], span.service);
        addNote(span, `clock skew: moved ${signed(own)} to sit inside the call from ${from}; the clocks of ${to} and ${from} disagree`);
        warnings.add(`clock skew: ${span.service} "${span.operation}" (${span.reportedId ?? span.spanId}) on ${to} was outside its client call from ${from}; it and the spans below it on that host were moved ${signed(own)}`);
        shift = { clock: clocks[i]!, delta: (shift?.delta ?? 0) + own };
      }
    }
    for (let k = childStart[i]!; k < childStart[i + 1]!; k += 1) {
      const child = children[k]!;
      inherited[child] = shift;
      queue.push(child);
    }
  }
}

/**
 * How far the server span must move to sit inside its client call; 0 when it already does
 * or nothing can be said. With both durations known and the server shorter, it is centred
 * (symmetric network); otherwise all we know is that it cannot have started before it was
 * called, so it moves to the call's start.
 */
function skewOf(client: Span, server: Span): number {
  if (client.kind !== 'client' || server.kind !== 'server') return 0;
  const cs = client.start;
  const sr = server.start;
  const finished = !client.unfinished && !server.unfinished;
  if (!finished) return sr < cs ? cs - sr : 0;
  const cr = cs + client.duration;
  const ss = sr + server.duration;
  if (sr >= cs && ss <= cr) return 0;
  if (server.duration > client.duration) return sr < cs ? cs - sr : 0;
  const latency = Math.floor((client.duration - server.duration) / 2);
  return cs + latency - sr;
}

function moveSpan(span: Span, delta: number): void {
  span.start += delta;
  for (const event of span.events) event.time += delta;
}

function signed(us: number): string {
  return `${us > 0 ? '+' : '−'}${formatMicros(Math.abs(us))}`;
}
