import { describe, expect, it } from 'vitest';
import { sampleBundle } from '../test/fixtures';
import { createBundleClient } from './bundle-client';

describe('searching the traces of an incident file', () => {
  const client = () => createBundleClient(sampleBundle(), 'inc-1.lockstep.json');

  it('opens a trace exported before the model spoke OpenTelemetry, in today\'s shape', async () => {
    const trace = await client().call('getTrace', { traceId: 'abc123' });
    expect(trace.resources).toEqual([
      { service: 'app-gateway', attributes: {} },
      { service: 'lock-service', attributes: {} },
    ]);
    expect(trace.spans.map((s) => [s.spanId, s.resource, s.status.code, s.attributes, s.events])).toEqual([
      ['a', 0, 'unset', {}, []],
      ['b', 1, 'unset', {}, []],
    ]);
  });

  it('matches, summarises and lists what the file holds, any time', async () => {
    const c = client();
    const found = await c.call('searchTraces', { service: 'lock-service' });
    expect(found).toEqual({
      traces: [
        {
          traceId: 'abc123',
          rootService: 'app-gateway',
          rootOperation: 'GET /unlock',
          start: 1_000,
          duration: 900,
          spanCount: 2,
          errorCount: 0,
          services: [
            { name: 'app-gateway', spanCount: 1, errorCount: 0 },
            { name: 'lock-service', spanCount: 1, errorCount: 0 },
          ],
        },
      ],
      warnings: [],
      limitReached: false,
    });
    expect((await c.call('searchTraces', { service: 'payment-service' })).traces).toEqual([]);
    expect((await c.call('searchTraces', { minDurationUs: 901 })).traces).toEqual([]);
    expect(await c.call('traceServices', {})).toEqual({ services: ['app-gateway', 'lock-service'] });
    expect(await c.call('traceOperations', { service: 'lock-service' })).toEqual({ operations: [{ name: 'unlock', spanKind: 'server' }] });
  });
});
