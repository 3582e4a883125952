import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSource, EmbeddedFleet, startDemoServer, type DemoServer, type DemoSource } from '../../demo/index';
import { methods, type ResponseOf, type RpcReply } from '../../shared';
import { mayCall } from '../actions/acting-identity';
import { createZipkinSource } from '../datasources/zipkin';
import type { ClientSession } from './client';
import { servicesFrom } from './create-services';
import type { LockstepServices } from './lockstep-services';

/**
 * "Search the traces", through the contract: a console asks the services, which ask the demo
 * fleet's Zipkin API over HTTP (and, in the desktop demo, the embedded fleet in-process), and
 * every answer parses against the contract.
 */
let t = Date.UTC(2024, 5, 3, 2, 0, 0);
let embedded: EmbeddedFleet;
let server: DemoServer;
let overHttp: LockstepServices;
let demo: DemoSource;
let inProcess: LockstepServices;
const session: ClientSession = { id: 'desk', host: 'web', send: () => undefined };

beforeAll(async () => {
  embedded = new EmbeddedFleet({ sourceId: 'demo', locks: 2000, unlocksPerSecond: 30, now: () => t, autoStart: false, backfillMs: 10_000 });
  t += 30_000;
  embedded.advanceTo(t);
  server = await startDemoServer(embedded.fleet, { port: 0 });
  const zipkin = createZipkinSource({ id: 'zipkin', name: 'Traces (demo fleet, Zipkin API)', kind: 'zipkin', url: server.url, timeoutMs: 5000 });
  const options = { version: 't', defaultActor: 'tester', now: () => t };
  overHttp = servicesFrom([zipkin], { mode: 'custom', alertPollSeconds: 300 }, { ...options, dataDir: mkdtempSync(join(tmpdir(), 'lockstep-traces-')) });
  demo = createDemoSource({ id: 'demo', kind: 'demo', name: 'Demo fleet', locks: 2000, seed: 3, scheduledIncidents: false }, { now: () => t, autoStart: false });
  inProcess = servicesFrom([demo], { mode: 'demo', alertPollSeconds: 300 }, { ...options, dataDir: mkdtempSync(join(tmpdir(), 'lockstep-traces-')) });
});

afterAll(async () => {
  await overHttp.close();
  await inProcess.close();
  await server.close();
  embedded.stop();
  await demo.close?.();
});

async function call<M extends 'searchTraces' | 'traceServices' | 'traceOperations' | 'traceTagNames' | 'getTrace'>(services: LockstepServices, method: M, request: unknown) {
  const reply: RpcReply = await services.handle(method, request, session);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
  return methods[method].response.parse(reply.value) as ResponseOf<M>;
}

describe('trace search through the services', () => {
  it('finds the same traces the Zipkin API lists for the query, summarised, newest first', async () => {
    const result = (await call(overHttp, 'searchTraces', { service: 'lock-service', limit: 5, lookbackMs: 600_000 }));
    const direct = (await (await fetch(`${server.url}/api/v2/traces?serviceName=lock-service&limit=5&endTs=${t}&lookback=600000`)).json()) as { traceId: string }[][];
    expect(result.traces.map((s) => s.traceId).sort()).toEqual(direct.map((spans) => spans[0]!.traceId).sort());
    expect(result.traces).toHaveLength(5);
    expect(result.limitReached).toBe(true);
    for (const summary of result.traces) {
      expect(summary.services.map((s) => s.name)).toContain('lock-service');
      expect(summary.spanCount).toBe(summary.services.reduce((sum, s) => sum + s.spanCount!, 0));
      expect(summary.rootService).toBeDefined();
    }
    const starts = result.traces.map((s) => s.start);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    // a result opens as the trace it summarises
    const first = result.traces[0]!;
    const trace = await call(overHttp, 'getTrace', { traceId: first.traceId });
    expect(trace.spans).toHaveLength(first.spanCount!);
  });

  it('filters by operation, tag and duration and sorts as asked', async () => {
    const longest = (await call(overHttp, 'searchTraces', { service: 'lock-service', limit: 20, sort: 'longest', lookbackMs: 600_000 }));
    const durations = longest.traces.map((s) => s.duration);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
    const threshold = durations[Math.floor(durations.length / 2)]!;
    const slow = (await call(overHttp, 'searchTraces', { service: 'lock-service', minDurationUs: threshold, limit: 50, lookbackMs: 600_000 }));
    expect(slow.traces.length).toBeGreaterThan(0);
    const services = await call(overHttp, 'traceServices', {});
    expect(services.services).toEqual(embedded.fleet.traces.services());
    const operations = await call(overHttp, 'traceOperations', { service: 'lock-service' });
    expect(operations.operations.map((o) => o.name)).toEqual(embedded.fleet.traces.spanNames('lock-service'));
    const op = operations.operations[0]!.name;
    const byOp = (await call(overHttp, 'searchTraces', { service: 'lock-service', operation: op, limit: 10, lookbackMs: 600_000 }));
    expect(byOp.traces.length).toBeGreaterThan(0);
    const none = (await call(overHttp, 'searchTraces', { service: 'lock-service', tags: { 'no.such.tag': 'x' }, lookbackMs: 600_000 }));
    expect(none.traces).toEqual([]);
  });

  it('answers the same from the embedded demo fleet in-process', async () => {
    const result = (await call(inProcess, 'searchTraces', { service: 'lock-service', limit: 3, lookbackMs: 600_000 }));
    expect(result.traces).toHaveLength(3);
    expect(result.traces.every((s) => s.services.some((x) => x.name === 'lock-service'))).toBe(true);
    expect((await call(inProcess, 'traceServices', {})).services).toContain('lock-service');
    // The demo has no tag-name list: an empty one, not an error, so a search form still works.
    expect(await call(inProcess, 'traceTagNames', {})).toEqual({ tagNames: [] });
  });

  it('refuses a search that makes no sense, and names a source that does not exist, in one sentence each', async () => {
    const bad = await overHttp.handle('searchTraces', { minDurationUs: 10, maxDurationUs: 5 }, session);
    expect(bad).toEqual({ ok: false, error: { code: 'bad_request', message: 'maxDurationUs: the minimum duration is above the maximum' } });
    const nowhere = await overHttp.handle('searchTraces', { source: 'tempo' }, session);
    expect(nowhere).toEqual({ ok: false, error: { code: 'not_found', message: 'There is no data source called "tempo".' } });
  });

  it('lets a viewer search, since searching changes nothing', () => {
    for (const method of ['searchTraces', 'traceServices', 'traceOperations', 'traceTagNames']) expect(mayCall(method, 'viewer')).toBe(true);
  });
});
