import { describe, expect, it } from 'vitest';
import type { Span } from '../model/traces';
import { timeProblems } from '../testdata/trace-checks';
import { layoutTrace, rpcBreakdown } from './layout';
import { normalizeJaeger } from './jaeger';
import { normalizeZipkin } from './zipkin';

const byId = (spans: Span[], id: string) => spans.find((s) => s.spanId === id)!;
const at = (ipv4: string, serviceName = 'lock-service') => ({ serviceName, ipv4, port: 8080 });

describe('clock skew between hosts', () => {
  it('corrects between two hosts of one service, and carries the shift to that host only', () => {
    // lock-service on .2 calls lock-service on .3, whose clock is 5 ms behind.
    const trace = normalizeZipkin([
      { traceId: 't', id: 'a', kind: 'SERVER', name: 'unlock', timestamp: 1_000_000, duration: 10_000, localEndpoint: at('10.0.0.2') },
      { traceId: 't', id: 'b', parentId: 'a', kind: 'CLIENT', name: 'relay', timestamp: 1_001_000, duration: 4_000, localEndpoint: at('10.0.0.2') },
      { traceId: 't', id: 'b', parentId: 'a', kind: 'SERVER', name: 'relay', timestamp: 996_400, duration: 3_000, localEndpoint: at('10.0.0.3'), shared: true },
      { traceId: 't', id: 'c', parentId: 'b', name: 'write', timestamp: 996_500, duration: 1_000, localEndpoint: at('10.0.0.3') },
      { traceId: 't', id: 'd', parentId: 'b', kind: 'CLIENT', name: 'db', timestamp: 997_000, duration: 1_000, localEndpoint: at('10.0.0.3') },
    ]);
    const server = byId(trace.spans, 'b:server');
    // centred in the 4 ms call: 0.5 ms each way
    expect(server.start).toBe(1_001_500);
    expect(server.notes).toEqual([
      'clock skew: moved +5.1 ms to sit inside the call from 10.0.0.2:8080 (lock-service); the clocks of 10.0.0.3:8080 (lock-service) and 10.0.0.2:8080 (lock-service) disagree',
    ]);
    expect(byId(trace.spans, 'c').start).toBe(996_500 + 5_100);
    expect(byId(trace.spans, 'd').start).toBe(997_000 + 5_100);
    // the caller's own spans did not move
    expect(byId(trace.spans, 'a').start).toBe(1_000_000);
    expect(rpcBreakdown(server.rpc!)).toEqual({ networkOut: 500, server: 3_000, networkBack: 500, clientTotal: 4_000 });
  });

  it('never corrects within one host, whatever the services are called', () => {
    const trace = normalizeZipkin([
      { traceId: 't', id: 'a', kind: 'CLIENT', name: 'call', timestamp: 1_000, duration: 100, localEndpoint: at('10.0.0.2', 'gateway') },
      { traceId: 't', id: 'a', kind: 'SERVER', name: 'call', timestamp: 990, duration: 50, localEndpoint: at('10.0.0.2', 'sidecar'), shared: true },
    ]);
    const server = byId(trace.spans, 'a:server');
    expect(server.start).toBe(990);
    expect(server.notes).toEqual(['clocks disagree beyond correction: the server received the call 10 µs before it was sent; those network times are shown as 0']);
    expect(rpcBreakdown(server.rpc!)).toEqual({ networkOut: 0, server: 50, networkBack: 60, clientTotal: 100, clamped: ['networkOut'] });
    expect(timeProblems(trace)).toEqual([]);
  });

  it('compares Jaeger processes by their host tags', () => {
    const process = (host: string) => ({ serviceName: 'ride-service', tags: [{ key: 'hostname', type: 'string', value: host }] });
    const [trace] = normalizeJaeger({
      traceID: 't1',
      processes: { p1: process('ride-1'), p2: process('ride-2') },
      spans: [
        { traceID: 't1', spanID: '1', operationName: 'call', startTime: 1_000, duration: 100, processID: 'p1', tags: [{ key: 'span.kind', value: 'client' }] },
        { traceID: 't1', spanID: '2', operationName: 'serve', startTime: 2_000, duration: 60, processID: 'p2', references: [{ refType: 'CHILD_OF', traceID: 't1', spanID: '1' }], tags: [{ key: 'span.kind', value: 'server' }] },
      ],
    });
    expect(byId(trace!.spans, '2').start).toBe(1_020);
    expect(byId(trace!.spans, '2').notes?.[0]).toMatch(/^clock skew: moved −980 µs to sit inside the call from ride-1 \(ride-service\)/);
  });

  it('only pushes a server after its call when the call never ended, and never invents an end', () => {
    const trace = normalizeZipkin([
      { traceId: 't', id: 'a', kind: 'CLIENT', name: 'call', timestamp: 1_000, localEndpoint: at('10.0.0.2', 'gateway') },
      { traceId: 't', id: 'a', kind: 'SERVER', name: 'call', timestamp: 700, duration: 50, localEndpoint: at('10.0.0.9', 'lock'), shared: true },
    ]);
    const client = byId(trace.spans, 'a');
    const server = byId(trace.spans, 'a:server');
    expect(server.start).toBe(1_000);
    expect(client).toMatchObject({ unfinished: true, duration: 0 });
    expect(rpcBreakdown(client.rpc!)).toEqual({ networkOut: 0, server: 50 });
    expect(layoutTrace(trace).duration).toBe(50);
  });

  it('clamps, with a note, a server longer than the call that waited for it', () => {
    const trace = normalizeZipkin([
      { traceId: 't', id: 'a', kind: 'CLIENT', name: 'call', timestamp: 1_000, duration: 100, localEndpoint: at('10.0.0.2', 'gateway') },
      { traceId: 't', id: 'a', kind: 'SERVER', name: 'call', timestamp: 900, duration: 300, localEndpoint: at('10.0.0.9', 'lock'), shared: true },
    ]);
    const server = byId(trace.spans, 'a:server');
    expect(server.start).toBe(1_000);
    expect(server.notes).toContain('clocks disagree beyond correction: the server answered 200 µs after the client had its answer; those network times are shown as 0');
    expect(rpcBreakdown(server.rpc!)).toMatchObject({ networkOut: 0, networkBack: 0, clamped: ['networkBack'] });
    expect(timeProblems(trace)).toEqual([]);
  });
});
