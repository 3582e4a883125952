import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Deployment, RollbackPreview, RpcReply } from '../../shared';
import type { CallGraph } from '../../shared/model/call-graph';
import { offerFor } from '../actions/rollback';
import { servicesFrom } from '../core/create-services';
import type { LockstepServices } from '../core/lockstep-services';
import { SourceSet } from '../datasources/source-set';
import { type DataSource, type DependencyLink, type DependencyWindow, SourceError } from '../datasources/types';
import { firingAlert } from '../../testing/alerts';
import { DEFAULT_CORRELATION } from './incident-tracker';
import { alignedWindow, followTraceCallGraph, mergeCallGraph, nextRefreshAt, TRACE_CALL_GRAPH_DEFAULTS, TraceCallGraph } from './trace-call-graph';

const MIN = 60_000;
const HOUR = 60 * MIN;
const link = (parent: string, child: string, callCount = 10, errorCount = 0): DependencyLink => ({ parent, child, callCount, errorCount });

/** A trace source whose dependency answers the test scripts; it records every window asked for. */
function traceSource(id: string, answer: (window: DependencyWindow, signal?: AbortSignal) => Promise<DependencyLink[]>) {
  const asked: DependencyWindow[] = [];
  const source: DataSource = {
    id,
    kind: 'zipkin',
    name: `Zipkin ${id}`,
    traces: {
      getTrace: async () => {
        throw new SourceError(id, 'not in this test', 'not_found');
      },
      dependencies: (window, signal) => {
        asked.push(window);
        return answer(window, signal);
      },
    },
  };
  return { source, asked };
}

describe('mergeCallGraph', () => {
  const configured: CallGraph = { 'app-gateway': ['ride-service'], 'ride-service': ['lock-service'] };

  it('adds learned edges to the configured ones, and keeps every configured edge', () => {
    const merged = mergeCallGraph(configured, [link('lock-service', 'iot-gateway'), link('ride-service', 'fare-service')]);
    expect(merged).toEqual({ 'app-gateway': ['ride-service'], 'lock-service': ['iot-gateway'], 'ride-service': ['fare-service', 'lock-service'] });
    // A configured edge the traces never saw stays.
    expect(mergeCallGraph(configured, [link('lock-service', 'iot-gateway')])['app-gateway']).toEqual(['ride-service']);
  });

  it('drops self-calls, edges under the threshold and names the config could not hold', () => {
    const merged = mergeCallGraph(configured, [
      link('ride-service', 'ride-service', 1000),
      link('ride-service', 'rare-service', TRACE_CALL_GRAPH_DEFAULTS.minCalls - 1),
      link('x'.repeat(201), 'lock-service', 1000),
      link('', 'lock-service', 1000),
    ]);
    expect(merged).toBe(configured);
    // Calls of one edge are summed over sources before the threshold.
    const summed = mergeCallGraph(configured, [link('ride-service', 'rare-service', 2), link('ride-service', 'rare-service', 2)]);
    expect(summed['ride-service']).toEqual(['lock-service', 'rare-service']);
  });

  it('is the configured graph itself when traces teach nothing new', () => {
    expect(mergeCallGraph(configured, [])).toBe(configured);
    expect(mergeCallGraph(configured, [link('app-gateway', 'ride-service', 5000)])).toBe(configured);
  });

  it('is deterministic: the same links in any order give the same graph', () => {
    const links = [link('b', 'c', 50), link('a', 'b', 50), link('a', 'd', 7), link('d', 'e', 3), link('c', 'a', 99)];
    const expected = JSON.stringify(mergeCallGraph({}, links));
    for (let i = 0; i < 10; i++) {
      const shuffled = [...links].sort(() => Math.random() - 0.5);
      expect(JSON.stringify(mergeCallGraph({}, shuffled))).toBe(expected);
    }
    expect(Object.keys(JSON.parse(expected) as object)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('stays within its size: configured services always, then the busiest learned edges', () => {
    const many = Array.from({ length: 600 }, (_, i) => link('fan-out', `svc-${String(i).padStart(3, '0')}`, 1000 - i));
    const merged = mergeCallGraph({ a: ['b'] }, many, { minCalls: 3, maxServices: 10 });
    const services = new Set(Object.entries(merged).flatMap(([caller, callees]) => [caller, ...callees]));
    expect(services.size).toBe(10);
    expect(merged.a).toEqual(['b']);
    expect(merged['fan-out']).toEqual(['svc-000', 'svc-001', 'svc-002', 'svc-003', 'svc-004', 'svc-005', 'svc-006']);
    // And never more callees than the config's schema allows one caller.
    expect(mergeCallGraph({}, many)['fan-out']).toHaveLength(200);
  });
});

describe('the window every console asks for', () => {
  it('ends at the start of the current slot and looks back a day, the same anywhere in the slot', () => {
    const slotStart = Date.UTC(2024, 5, 3, 10, 10);
    const early = alignedWindow(slotStart + 31_000);
    const late = alignedWindow(slotStart + 9 * MIN + 59_000);
    expect(early).toEqual({ endTs: slotStart, lookbackMs: 24 * HOUR });
    expect(late).toEqual(early);
    // Until the slot has settled, the previous one is asked for (late spans of it may still land).
    expect(alignedWindow(slotStart + 29_000).endTs).toBe(slotStart - 10 * MIN);
    expect(nextRefreshAt(slotStart + 31_000)).toBe(slotStart + 10 * MIN + 30_000);
    expect(nextRefreshAt(slotStart + 29_000)).toBe(slotStart + 30_000);
  });

  it('aligns to the UTC hour when told to', () => {
    const hourly = { alignMs: HOUR, lookbackMs: 24 * HOUR, settleMs: 30_000 };
    const hour = Date.UTC(2024, 5, 3, 10);
    expect(alignedWindow(hour + 5 * MIN, hourly)).toEqual({ endTs: hour, lookbackMs: 24 * HOUR });
    expect(alignedWindow(hour + 59 * MIN, hourly)).toEqual({ endTs: hour, lookbackMs: 24 * HOUR });
    expect(alignedWindow(hour + 61 * MIN, hourly).endTs).toBe(hour + HOUR);
  });
});

describe('TraceCallGraph', () => {
  afterEach(() => vi.useRealTimers());

  it('asks every source on the clock-aligned schedule, so consoles switch windows together', async () => {
    vi.useFakeTimers({ now: Date.UTC(2024, 5, 3, 10, 7) });
    const { source, asked } = traceSource('z', async () => [link('a', 'b')]);
    const graph = new TraceCallGraph({ sources: new SourceSet([source]), now: Date.now, warn: () => {} });
    graph.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(asked).toEqual([{ endTs: Date.UTC(2024, 5, 3, 10, 0), lookbackMs: 24 * HOUR }]);
    await vi.advanceTimersByTimeAsync(3 * MIN + 29_000); // 10:10:29
    expect(asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000); // 10:10:30
    expect(asked.map((w) => w.endTs)).toEqual([Date.UTC(2024, 5, 3, 10, 0), Date.UTC(2024, 5, 3, 10, 10)]);
    graph.close();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(asked).toHaveLength(2);
  });

  it('keeps the last good graph when a backend fails, says so once, and says when it is back', async () => {
    let answer: () => Promise<DependencyLink[]> = async () => [link('ride-service', 'fare-service')];
    const { source } = traceSource('z', () => answer());
    const warnings: string[] = [];
    const graph = new TraceCallGraph({ sources: new SourceSet([source]), now: Date.now, warn: (m) => warnings.push(m) });
    const changes = vi.fn();
    graph.onChange(changes);
    const configured: CallGraph = { 'ride-service': ['lock-service'] };

    await graph.refresh();
    const good = graph.merged(configured);
    expect(good['ride-service']).toEqual(['fare-service', 'lock-service']);
    expect(changes).toHaveBeenCalledTimes(1);

    answer = async () => {
      throw new SourceError('z', 'cannot reach 127.0.0.1:9411: connection refused', 'unreachable');
    };
    await graph.refresh();
    await graph.refresh();
    expect(graph.merged(configured)).toBe(good);
    expect(changes).toHaveBeenCalledTimes(1);
    expect(warnings).toEqual([
      'call graph: cannot learn which service calls which from Zipkin z: cannot reach 127.0.0.1:9411: connection refused; keeping what it said last',
    ]);

    answer = async () => [link('ride-service', 'fare-service'), link('fare-service', 'pricing-db')];
    await graph.refresh();
    expect(warnings.at(-1)).toBe('call graph: Zipkin z answers which service calls which again');
    expect(graph.merged(configured)['fare-service']).toEqual(['pricing-db']);
    expect(changes).toHaveBeenCalledTimes(2);
    graph.close();
  });

  it('joins the answers of several sources and skips sources that cannot tell (Tempo)', async () => {
    const zipkin = traceSource('zipkin', async () => [link('a', 'b', 2)]);
    const jaeger = traceSource('jaeger', async () => [link('a', 'b', 2), link('b', 'c')]);
    const tempo: DataSource = { id: 'tempo', kind: 'tempo', name: 'Tempo', traces: { getTrace: async () => ({ traceId: '1', spans: [], warnings: [] }) as never } };
    const graph = new TraceCallGraph({ sources: new SourceSet([zipkin.source, tempo, jaeger.source]), now: Date.now, warn: () => {} });
    await graph.refresh();
    expect(graph.merged({})).toEqual({ a: ['b'], b: ['c'] });
    graph.close();
  });

  it('aborts a request in flight when closed, and learns nothing from it', async () => {
    let seen: AbortSignal | undefined;
    const { source } = traceSource('z', (_w, signal) => {
      seen = signal;
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    const warnings: string[] = [];
    const graph = new TraceCallGraph({ sources: new SourceSet([source]), now: Date.now, warn: (m) => warnings.push(m) });
    const pending = graph.refresh();
    graph.close();
    await pending;
    expect(seen?.aborted).toBe(true);
    expect(graph.links()).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('followTraceCallGraph', () => {
  it('gives rollback and correlation the configured graphs merged with the learned one', async () => {
    let calls = 10;
    const { source } = traceSource('z', async () => [link('ride-service', 'fare-service', calls++)]);
    const replaced: CallGraph[] = [];
    const warnings: string[] = [];
    const incidents = { config: { callGraph: DEFAULT_CORRELATION.callGraph }, setCallGraph: (g: CallGraph) => replaced.push(g) };
    const followed = followTraceCallGraph({ sources: new SourceSet([source]), now: Date.now, warn: (m) => warnings.push(m), incidents, rollback: { windowMinutes: 30, callGraph: { 'ride-service': ['lock-service'] } } });
    await followed.graph.refresh();
    expect(followed.rollbackPolicy.callGraph).toEqual({ 'ride-service': ['fare-service', 'lock-service'] });
    expect(replaced).toHaveLength(1);
    expect(replaced[0]!['ride-service']).toEqual(['fare-service', 'lock-service', 'payment-service']);
    expect(replaced[0]!['app-gateway']).toEqual(['ride-service']);
    expect(warnings).toEqual(['call graph: traces add 1 call to the configured graph: ride-service → fare-service']);
    // New counts for the same edges (the next window) change nothing the tracker sees.
    await followed.graph.refresh();
    expect(replaced).toHaveLength(1);
    followed.close();
  });

  it('without a source that can tell, is the configured policy and schedules nothing', () => {
    const rollback = { windowMinutes: 30, callGraph: {} };
    const followed = followTraceCallGraph({ sources: new SourceSet([]), now: Date.now, warn: () => {}, incidents: { config: { callGraph: {} }, setCallGraph: () => {} }, rollback });
    expect(followed.rollbackPolicy).toBe(rollback);
    followed.close();
  });
});

describe('rollback offers with the call graph from traces', () => {
  const openedAt = Date.now() - MIN;
  /** fare-service went to green (2.0.0) six minutes before the incident: nothing configured says ride-service calls it. */
  const fareRelease: Deployment = {
    service: 'fare-service',
    active: 'green',
    colors: { blue: { version: '1.9.0' }, green: { version: '2.0.0' } },
    switchedAt: openedAt - 6 * MIN,
    history: [{ at: openedAt - 6 * MIN, from: 'blue', to: 'green', version: '2.0.0', fromVersion: '1.9.0' }],
  };
  const traces = () => traceSource('traces', async () => [link('app-gateway', 'ride-service', 500), link('ride-service', 'fare-service', 120)]).source;

  it('offers the release of a service known only from traces', async () => {
    const followed = followTraceCallGraph({ sources: new SourceSet([traces()]), now: Date.now, warn: () => {}, incidents: { config: { callGraph: {} }, setCallGraph: () => {} }, rollback: { windowMinutes: 30, callGraph: DEFAULT_CORRELATION.callGraph } });
    const facts = { id: 'i1', openedAt, services: ['ride-service'] };
    expect(offerFor(facts, [fareRelease], { rollbackPolicy: followed.rollbackPolicy }).kind).toBe('none');
    await followed.graph.refresh();
    const offer = offerFor(facts, [fareRelease], { rollbackPolicy: followed.rollbackPolicy });
    expect(offer).toMatchObject({ kind: 'offer', candidate: { service: 'fare-service', target: 'blue', badColor: 'green' } });
    followed.close();
  });

  describe('through the services', () => {
    let services: LockstepServices | undefined;
    afterEach(async () => services?.close());

    const alerting: DataSource = {
      id: 'am',
      kind: 'alertmanager',
      name: 'Alertmanager',
      alerts: {
        listAlerts: async () => [firingAlert({ startsAt: openedAt, labels: { alertname: 'ServiceErrorRateHigh', service: 'ride-service', severity: 'critical' } })],
        listSilences: async () => [],
        createSilence: async () => ({ silenceId: 's1' }),
      },
    };
    const deployer: DataSource = {
      id: 'deploy',
      kind: 'deployer-http',
      name: 'Deployer',
      deploys: { listDeployments: async () => [fareRelease], switchTraffic: async () => fareRelease },
    };

    const preview = async (sources: DataSource[]) => {
      services = servicesFrom(sources, { mode: 'custom', alertPollSeconds: 0.2 }, { dataDir: mkdtempSync(join(tmpdir(), 'lockstep-callgraph-')), version: 't', defaultActor: 'tester' });
      const client = { id: 'c', send: () => {} };
      const call = async (method: 'listIncidents' | 'previewRollback', request: unknown) => {
        const reply: RpcReply = await services!.handle(method, request, client);
        if (!reply.ok) throw new Error(reply.error.message);
        return reply.value as never;
      };
      let incidentId: string | undefined;
      for (let i = 0; i < 50 && !incidentId; i++) {
        await new Promise((r) => setTimeout(r, 100));
        incidentId = ((await call('listIncidents', {})) as { incidents: { id: string }[] }).incidents[0]?.id;
      }
      expect(incidentId).toBeDefined();
      return (await call('previewRollback', { incidentId })) as RollbackPreview;
    };

    it('offers it when a trace backend saw ride-service call fare-service', async () => {
      const { offer } = await preview([alerting, deployer, traces()]);
      expect(offer).toMatchObject({ kind: 'offer', candidate: { service: 'fare-service', target: 'blue' } });
    });

    it('and not from the configured graph alone', async () => {
      const { offer } = await preview([alerting, deployer]);
      expect(offer).toMatchObject({ kind: 'none' });
    });
  });
});
