import type { Resource, Span } from '../model/traces';
import { addNote } from './notes';
import { clockOf, whereOf } from './resources';
import type { SpanTree } from './tree';
import { formatMicros, type Warnings } from './warnings';

interface Shift {
  /** The clock it applies to (an id of correctClockSkew's). */
  clock: number;
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
 * already inside its client call is left alone. Mutates the freshly normalised spans; returns
 * how many it moved.
 */
export function correctClockSkew(spans: Span[], resources: readonly Resource[], tree: SpanTree, warnings: Warnings): number {
  const { parent, childStart, children, roots } = tree;
  const n = spans.length;
  // Each span's clock as a small number, and the shift it inherits as an index into `shifts`
  // (-1: none): typed arrays, not 100,000 strings and objects, since most traces need no
  // correction at all and this walk is then pure overhead on every open.
  const clocks = new SpanClocks(resources);
  const clock = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    const span = spans[i]!;
    clock[i] = clocks.of(span.resource, span.service);
  }
  const shifts: Shift[] = [];
  const inherited = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let tail = 0;
  let moved = 0;
  for (let k = 0; k < roots.length; k += 1) queue[tail++] = roots[k]!;
  for (let head = 0; head < tail; head += 1) {
    const i = queue[head]!;
    let shift = inherited[i]!;
    if (shift >= 0 && shifts[shift]!.clock === clock[i]) {
      const span = spans[i]!;
      moveSpan(span, shifts[shift]!.delta);
      moved += 1;
      addNote(span, `moved ${signed(shifts[shift]!.delta)} with the clock of ${whereOf(resources[span.resource], span.service)}, corrected on a call above it`);
    } else {
      shift = -1;
    }
    const p = parent[i]!;
    if (p >= 0 && clock[p] !== clock[i]) {
      const client = spans[p]!;
      const span = spans[i]!;
      const own = skewOf(client, span);
      if (own !== 0) {
        moveSpan(span, own);
        moved += 1;
        const from = whereOf(resources[client.resource], client.service);
        const to = whereOf(resources[span.resource], span.service);
        addNote(span, `clock skew: moved ${signed(own)} to sit inside the call from ${from}; the clocks of ${to} and ${from} disagree`);
        warnings.add(`clock skew: ${span.service} "${span.operation}" (${span.reportedId ?? span.spanId}) on ${to} was outside its client call from ${from}; it and the spans below it on that host were moved ${signed(own)}`);
        shifts.push({ clock: clock[i]!, delta: (shift >= 0 ? shifts[shift]!.delta : 0) + own });
        shift = shifts.length - 1;
      }
    }
    for (let k = childStart[i]!; k < childStart[i + 1]!; k += 1) {
      const child = children[k]!;
      inherited[child] = shift;
      queue[tail++] = child;
    }
  }
  return moved;
}

/**
 * How far the server span must move to sit inside its client call; 0 when it already does
 * or nothing can be said. With both durations known and the server shorter, it is centred
 * (symmetric network); otherwise all we know is that it cannot have started before it was
 * called, so it moves to the call's start.
 */
function skewOf(client: Span, server: Span): number {
  if (client.kind !== 'client' || server.kind !== 'server') return 0;
  return callSkew(client.start, client.duration, client.unfinished === true, server.start, server.duration, server.unfinished === true);
}

/**
 * skewOf over plain numbers, for a client → server edge: what zipkin-columns.ts checks on its
 * columns to know no span would move.
 */
export function callSkew(cs: number, clientDuration: number, clientUnfinished: boolean, sr: number, serverDuration: number, serverUnfinished: boolean): number {
  const finished = !clientUnfinished && !serverUnfinished;
  if (!finished) return sr < cs ? cs - sr : 0;
  const cr = cs + clientDuration;
  const ss = sr + serverDuration;
  if (sr >= cs && ss <= cr) return 0;
  if (serverDuration > clientDuration) return sr < cs ? cs - sr : 0;
  const latency = Math.floor((clientDuration - serverDuration) / 2);
  return cs + latency - sr;
}

/** Which clock stamped a span, as a small number: equal numbers are one clock (resources.ts's clockOf). */
export class SpanClocks {
  private readonly ids = new Map<string, number>();
  private readonly byResource: number[];

  constructor(resources: readonly Resource[]) {
    this.byResource = resources.map((r) => this.idOf(clockOf(r, r.service)));
  }

  of(resource: number, service: string): number {
    return this.byResource[resource] ?? this.idOf(clockOf(undefined, service));
  }

  private idOf(clock: string): number {
    let id = this.ids.get(clock);
    if (id === undefined) this.ids.set(clock, (id = this.ids.size));
    return id;
  }
}

function moveSpan(span: Span, delta: number): void {
  span.start += delta;
  for (const event of span.events) event.time += delta;
}

function signed(us: number): string {
  return `${us > 0 ? '+' : '−'}${formatMicros(Math.abs(us))}`;
}
