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
import { plainReply, type TraceColumnsAnswer, traceColumnsBehind, traceColumnsReply } from './trace-columns-reply';

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
    // The WebSocket sends the typed arrays themselves; no base64 is made for it.
    expect(traceColumnsBehind(sent)?.start).toBeInstanceOf(Float64Array);
    // JSON (the web host's HTTP API) and Electron's IPC (plainReply, then a structured clone) carry base64 text.
    const json: unknown = JSON.parse(JSON.stringify(sent));
    expect(typeof (json as { start: unknown }).start).toBe('string');
    const plain = plainReply({ ok: true, value: sent });
    expect(plain.ok && structuredClone(plain.value)).toEqual(json);
    const columns = methods.getTraceColumns.response.parse(json);
    expect(columns.start).toBeInstanceOf(Float64Array);
    const trace = methods.getTrace.response.parse(JSON.parse(JSON.stringify(await value('getTrace', { traceId }))));
    expect(decodeTraceColumns(columns)).toEqual(trace);
    // Reopened: the cached columns' answer is sent again, its wire form not encoded again.
    const again = await value('getTraceColumns', { traceId });
    expect(again).toBe(sent);
    expect((again as TraceColumnsAnswer).toJSON()).toBe((sent as TraceColumnsAnswer).toJSON());
  });

  it('leaves every other reply to IPC as it is', () => {
    const reply = { ok: true as const, value: { alerts: [] } };
    expect(plainReply(reply)).toBe(reply);
    const failed = { ok: false as const, error: { code: 'not_found' as const, message: 'gone' } };
    expect(plainReply(failed)).toBe(failed);
  });

  it('refuses to send columns its own encoder built with a wrong length, in words', () => {
    const columns = encodeTraceColumns(normalizeZipkin(generateTrace({ spans: 5, seed: 1 })));
    expect(() => traceColumnsReply({ ...columns, duration: columns.duration.subarray(1) })).toThrow(
      'The trace\'s column "duration" was built with the wrong length (internal error in the trace encoder); reopen the trace, and report it if it happens again.',
    );
  });
});
