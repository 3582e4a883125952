import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDemoSource } from '../../demo/index';
import { methods, type RpcReply } from '../../shared';
import { decodeTraceColumns, encodeTraceColumns } from '../../shared/trace/columns-codec';
import { generateTrace } from '../../shared/trace/generate';
import { normalizeZipkin } from '../../shared/trace/zipkin';
import type { ClientSession } from '../core/client';
import { servicesFrom } from '../core/create-services';
import { traceColumnsReply } from './trace-columns-reply';

const session: ClientSession = { id: 'desk', host: 'web', send: () => undefined };
const t = Date.UTC(2024, 5, 3, 2, 0, 0);
const demo = createDemoSource({ id: 'demo', kind: 'demo', name: 'Demo fleet', locks: 2000, seed: 3, scheduledIncidents: false }, { now: () => t, autoStart: false });
const services = servicesFrom([demo], { mode: 'demo', alertPollSeconds: 300 }, { version: 't', defaultActor: 'tester', now: () => t, dataDir: mkdtempSync(join(tmpdir(), 'lockstep-cols-')) });

afterAll(async () => {
  await services.close();
  await demo.close?.();
});

async function value(method: 'getTraceColumns' | 'getTrace' | 'searchTraces', request: unknown): Promise<unknown> {
  const reply: RpcReply = await services.handle(method, request, session);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.value;
}

describe('getTraceColumns through the services', () => {
  it('sends number columns as base64 text that survives JSON and decodes, in the page, to the trace getTrace sends', async () => {
    const found = methods.searchTraces.response.parse(await value('searchTraces', { limit: 1, lookbackMs: 600_000 }));
    const traceId = found.traces[0]!.traceId;
    const sent = await value('getTraceColumns', { traceId });
    expect(typeof (sent as { start: unknown }).start).toBe('string');
    // What both hosts do to it: the web host writes JSON; Electron's structured clone keeps strings as they are.
    const columns = methods.getTraceColumns.response.parse(JSON.parse(JSON.stringify(sent)));
    expect(columns.start).toBeInstanceOf(Float64Array);
    const trace = methods.getTrace.response.parse(JSON.parse(JSON.stringify(await value('getTrace', { traceId }))));
    expect(decodeTraceColumns(columns)).toEqual(trace);
    // Reopened: the cached columns' wire form is sent again, not encoded again.
    expect(await value('getTraceColumns', { traceId })).toBe(sent);
  });

  it('refuses to send columns its own encoder built with a wrong length, in words', () => {
    const columns = encodeTraceColumns(normalizeZipkin(generateTrace({ spans: 5, seed: 1 })));
    expect(() => traceColumnsReply({ ...columns, duration: columns.duration.subarray(1) })).toThrow(
      'The trace\'s column "duration" was built with the wrong length (internal error in the trace encoder); reopen the trace, and report it if it happens again.',
    );
  });
});
