import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope, EventOf, QueryRangeRequest } from '../../shared';
import { applyFrame, type FullFrame, toFullFrame } from '../../shared/model/live-frame';
import { seriesFromColumns } from '../../shared/model/series';
import type { ClientSession } from '../core/client';
import { SourceSet } from '../datasources/source-set';
import { type DataSource, SourceError } from '../datasources/types';

import { LiveQueryHub } from './live-queries';

const calls: QueryRangeRequest[] = [];
const source: DataSource = {
  id: 'prom',
  kind: 'prometheus',
  name: 'Prometheus',
  metrics: {
    async queryRange(request) {
      calls.push(request);
      if (request.expr === 'broken') throw new SourceError('prom', 'Prometheus rejected the query: parse error');
      return { series: [{ name: request.expr, labels: {}, times: [request.end], values: [1] }], fetchedAt: 1, warnings: [] };
    },
  },
};

let hub = new LiveQueryHub(new SourceSet([source]), () => 1_000_000);
beforeEach(() => {
  hub = new LiveQueryHub(new SourceSet([source]), () => 1_000_000);
});
afterEach(() => {
  hub.close();
  calls.length = 0;
});

function client(id: string) {
  const events: EventEnvelope[] = [];
  const session: ClientSession = { id, send: (e) => events.push(e) };
  return { session, events };
}
const settle = () => new Promise((r) => setTimeout(r, 50));
const query = (id: string, expr: string) => ({ id, expr, rangeSeconds: 600, stepSeconds: 15, refreshSeconds: 60 });

describe('LiveQueryHub', () => {
  it('answers each live query; a broken one degrades alone, with its reason', async () => {
    const { session, events } = client('a');
    hub.set(session, [query('p1/A', 'up'), query('p2/A', 'broken')]);
    await settle();
    const byId = new Map(events.map((e) => [(e.payload as { queryId: string }).queryId, e.payload as { frame?: unknown; error?: string }]));
    expect(byId.get('p1/A')?.frame).toMatchObject({ kind: 'full', series: [{ name: 'up', values: [...new Array<null>(40).fill(null), 1] }] });
    expect(byId.get('p2/A')).toMatchObject({ error: 'Prometheus rejected the query: parse error' });
  });

  it('aligns the window to the step and shares one backend request between two consoles', async () => {
    const desk = client('desk');
    const wall = client('wall');
    hub.set(desk.session, [query('p1/A', 'shared')]);
    hub.set(wall.session, [query('p1/A', 'shared')]);
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.end % 15_000).toBe(0);
    expect(calls[0]!.end - calls[0]!.start).toBe(600_000);
    expect(desk.events).toHaveLength(1);
    expect(wall.events).toHaveLength(1);
  });

  it('puts both ends on step boundaries and coarsens a step that would pass 11,000 points', async () => {
    const { session } = client('aligned');
    hub.set(session, [
      { id: 'p1/A', expr: 'odd-range', rangeSeconds: 1000, stepSeconds: 300, refreshSeconds: 60 },
      { id: 'p2/A', expr: 'month', rangeSeconds: 31 * 86_400, stepSeconds: 5, refreshSeconds: 60 },
    ]);
    await settle();
    const odd = calls.find((c) => c.expr === 'odd-range')!;
    // now = 1,000,000 ms: the end is the last 300 s boundary before it, the start the one before now − 1,000 s.
    expect([odd.start, odd.end, odd.stepSeconds]).toEqual([0, 900_000, 300]);
    const month = calls.find((c) => c.expr === 'month')!;
    expect(month.stepSeconds).toBe(300);
    expect(month.start % 300_000 === 0).toBe(true);
    expect((month.end - month.start) / 300_000 + 1).toBeLessThanOrEqual(11_000);
  });

  it('stops delivering to a client whose queries were cleared', async () => {
    const { session, events } = client('gone');
    hub.set(session, [query('p1/A', 'cleared')]);
    hub.clear('gone');
    await settle();
    expect(events).toHaveLength(0);
  });
});

/** A backend that never answers on its own: it only observes whether its caller gave up. */
function hangingSource() {
  const signals: AbortSignal[] = [];
  const hanging: DataSource = {
    id: 'slow',
    kind: 'prometheus',
    name: 'Slow Prometheus',
    metrics: {
      queryRange(_request, signal) {
        signals.push(signal!);
        return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      },
    },
  };
  return { signals, hub: new LiveQueryHub(new SourceSet([hanging]), () => 1_000_000) };
}

describe('LiveQueryHub aborting a query in flight', () => {
  it('aborts when the last subscriber leaves, not while another console still waits', async () => {
    const { signals, hub: slow } = hangingSource();
    const desk = client('desk');
    const wall = client('wall');
    slow.set(desk.session, [query('p1/A', 'slow_query')]);
    slow.set(wall.session, [query('p1/A', 'slow_query')]);
    expect(signals).toHaveLength(1);
    slow.clear('desk');
    expect(signals[0]!.aborted).toBe(false);
    slow.clear('wall');
    expect(signals[0]!.aborted).toBe(true);
    await settle();
    expect([...desk.events, ...wall.events]).toEqual([]);
    slow.close();
  });

  it('aborts the request a replaced subscription was waiting for, and starts the new one', () => {
    const { signals, hub: slow } = hangingSource();
    const desk = client('desk');
    slow.set(desk.session, [query('p1/A', 'old_query')]);
    slow.set(desk.session, [query('p1/A', 'new_query')]);
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
    slow.close();
  });

  it('aborts everything in flight on close, and takes nothing new after', async () => {
    const { signals, hub: slow } = hangingSource();
    const desk = client('desk');
    slow.set(desk.session, [query('p1/A', 'a'), query('p2/A', 'b')]);
    slow.close();
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
    expect(slow.set(desk.session, [query('p1/A', 'a')])).toBe(0);
    expect(signals).toHaveLength(2);
    await settle();
    expect(desk.events).toEqual([]);
  });
});

describe('LiveQueryHub sending only what changed', () => {
  afterEach(() => vi.useRealTimers());

  it('sends a full frame, then deltas of the new tail; a new series whole; after an error a full frame again', async () => {
    vi.useFakeTimers();
    let now = 1_000_000_000;
    const state = { withB: false, broken: false, revise: false };
    const answers: FullFrame[] = [];
    const moving: DataSource = {
      id: 'prom',
      kind: 'prometheus',
      name: 'Prometheus',
      metrics: {
        async queryRange(request) {
          if (state.broken) throw new SourceError('prom', 'Prometheus is unreachable at http://prom:9090');
          const times: number[] = [];
          for (let t = request.start; t <= request.end; t += request.stepSeconds * 1000) times.push(t);
          const valueAt = (t: number) => (state.revise && t === request.end - 15_000 ? -1 : t / 1000);
          const series = [seriesFromColumns('a', { job: 'a' }, times, times.map(valueAt))];
          if (state.withB) series.push(seriesFromColumns('b', { job: 'b' }, times.slice(-2), [Infinity, 2]));
          const result = { series, fetchedAt: now, warnings: [] };
          answers.push(toFullFrame(result, request.start, 15_000, times.length, 0)!);
          return result;
        },
      },
    };
    const live = new LiveQueryHub(new SourceSet([moving]), () => now);
    const { session, events } = client('desk');
    live.set(session, [{ id: 'p1/A', expr: 'rate', rangeSeconds: 300, stepSeconds: 15, refreshSeconds: 15 }]);
    const refresh = async (change: () => void) => {
      change();
      now += 15_000;
      await vi.advanceTimersByTimeAsync(15_000);
    };
    await vi.advanceTimersByTimeAsync(0);
    await refresh(() => {});
    await refresh(() => (state.withB = true));
    await refresh(() => (state.revise = true));
    await refresh(() => (state.broken = true));
    await refresh(() => (state.broken = false));
    live.close();
    const payloads = events.map((e) => e.payload as EventOf<'queryResult'>);
    expect(payloads.map((p) => p.frame?.kind ?? p.error)).toEqual(['full', 'delta', 'delta', 'delta', 'Prometheus is unreachable at http://prom:9090', 'full']);
    // One step later: one sample slid out, one came in, nothing else travels.
    expect(payloads[1]!.frame).toMatchObject({ kind: 'delta', base: payloads[0]!.frame!.seq, drop: 1, count: 21, series: [{ prev: 0, from: 20, values: [1_000_005] }] });
    expect(payloads[2]!.frame!.series[1]).toEqual({ name: 'b', labels: { job: 'b' }, values: [...new Array<null>(19).fill(null), null, 2], posInf: [19] });
    // The revised next-to-last point is resent with the tail after it.
    expect(payloads[3]!.frame!.series[0]).toEqual({ prev: 0, from: 19, values: [-1, 1_000_035] });
    let held: FullFrame | undefined;
    for (const [i, p] of payloads.slice(0, 4).entries()) {
      held = applyFrame(held, p.frame!);
      expect({ ...held, seq: 0 }).toEqual(answers[i]);
    }
  });
});
