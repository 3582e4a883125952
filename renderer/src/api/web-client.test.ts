import { describe, expect, it } from 'vitest';
import { LockstepApiError } from '../../../shared/api/contract';
import { encodeBinaryReply } from '../../../shared/api/binary-reply';
import { BINARY_REPLY_MEDIA_TYPE } from '../../../shared/api/wire';
import { toTraceColumnsWire } from '../../../shared/model/trace-columns';
import { decodeTraceColumns, encodeTraceColumns } from '../../../shared/trace/columns-codec';
import { generateTrace } from '../../../shared/trace/generate';
import { normalizeZipkin } from '../../../shared/trace/zipkin';
import { backoffDelay } from './backoff';
import type { ConnectionState } from './types';
import { type BulkAnswer, type BulkTransport, createWebClient, type SocketLike } from './web-client';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: { type: string; id: number; method: string; request: unknown }[] = [];
  closedWith?: number;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number) {
    this.closedWith = code;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(message: unknown) {
    this.onmessage?.({ data: typeof message === 'string' || message instanceof ArrayBuffer ? message : JSON.stringify(message) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

function harness(options: { checkAuth?: () => Promise<'ok' | 'unauthorized' | 'unknown'>; bulk?: BulkTransport } = {}) {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const states: ConnectionState[] = [];
  const problems: string[] = [];
  const client = createWebClient({
    url: 'ws://host/api/ws?token=t',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    checkAuth: options.checkAuth,
    ...(options.bulk ? { bulk: options.bulk } : {}),
    random: () => 0.5,
    setTimer: (fn, ms) => {
      const timer = { fn, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      if (handle) (handle as { cleared: boolean }).cleared = true;
    },
  });
  client.onConnection((s) => states.push(s));
  client.onProtocolError((m) => problems.push(m));
  const last = () => sockets[sockets.length - 1]!;
  const fireReconnect = () => {
    const timer = timers.filter((t) => !t.cleared && t.ms < 30_000).pop();
    if (!timer) throw new Error('no reconnect timer');
    timer.cleared = true;
    timer.fn();
  };
  return { client, sockets, timers, states, problems, last, fireReconnect };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const asBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

describe('createWebClient', () => {
  it('reads a trace’s columns from a binary frame, checked like any answer; a damaged frame fails its call in words', async () => {
    const h = harness();
    h.last().open();
    const trace = normalizeZipkin(generateTrace({ spans: 30, seed: 4 }));
    const columns = encodeTraceColumns(trace);
    const answered = h.client.call('getTraceColumns', { traceId: trace.traceId });
    const frame = encodeBinaryReply(h.last().sent[0]!.id, columns as unknown as Record<string, unknown>);
    h.last().receive(asBuffer(frame));
    const got = await answered;
    expect(got.start).toBeInstanceOf(Float64Array);
    expect(decodeTraceColumns(got)).toEqual(decodeTraceColumns(columns));
    // The same columns as JSON with base64 (the HTTP and Electron form) decode the same.
    const viaJson = h.client.call('getTraceColumns', { traceId: trace.traceId });
    h.last().receive({ type: 'reply', id: h.last().sent[1]!.id, reply: { ok: true, value: toTraceColumnsWire(columns) } });
    expect(decodeTraceColumns(await viaJson)).toEqual(decodeTraceColumns(columns));

    const damaged = h.client.call('getTraceColumns', { traceId: trace.traceId });
    const cut = encodeBinaryReply(h.last().sent[2]!.id, columns as unknown as Record<string, unknown>);
    h.last().receive(asBuffer(cut.subarray(0, cut.byteLength - 64)));
    await expect(damaged).rejects.toThrow(/^The answer to getTraceColumns arrived damaged \(column "\w+" runs past the end of the frame — the answer was cut short\); try again\.$/);
    expect(h.problems).toHaveLength(1);
    // A frame whose column does not match the contract is refused by the schema, as JSON would be.
    const wrongType = h.client.call('getTraceColumns', { traceId: trace.traceId });
    h.last().receive(asBuffer(encodeBinaryReply(h.last().sent[3]!.id, { ...columns, start: Int32Array.from(columns.spanId) } as unknown as Record<string, unknown>)));
    await expect(wrongType).rejects.toThrow(/did not have the expected shape \(expected base64 text of 8-byte numbers, or a Float64Array at start\)/);
  });

  it('asks for a trace’s columns over the bulk transport, reading its binary or JSON answer as the socket’s, in the same words', async () => {
    const trace = normalizeZipkin(generateTrace({ spans: 30, seed: 4 }));
    const columns = encodeTraceColumns(trace);
    const answers: (BulkAnswer | Error)[] = [];
    const asked: { method: string; body: string }[] = [];
    const h = harness({
      bulk: async (method, body) => {
        asked.push({ method, body });
        const next = answers.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
    });
    const bytes = (frame: Uint8Array): ArrayBuffer => asBuffer(frame);
    const text = (value: unknown): ArrayBuffer => new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer;

    // The binary reply: checked by the contract's schema like any answer. No socket needed.
    answers.push({ status: 200, contentType: BINARY_REPLY_MEDIA_TYPE, body: bytes(encodeBinaryReply(0, columns as unknown as Record<string, unknown>)) });
    const got = await h.client.call('getTraceColumns', { traceId: trace.traceId });
    expect(asked[0]).toEqual({ method: 'getTraceColumns', body: JSON.stringify({ traceId: trace.traceId }) });
    expect(decodeTraceColumns(got)).toEqual(decodeTraceColumns(columns));
    expect(h.last().sent).toHaveLength(0);
    // Other calls still go over the socket.
    void h.client.call('getSession', {});
    h.last().open();
    expect(h.last().sent.map((m) => m.method)).toEqual(['getSession']);

    // A JSON answer (an older host that ignores the Accept) reads the same.
    answers.push({ status: 200, contentType: 'application/json; charset=utf-8', body: text({ ok: true, value: toTraceColumnsWire(columns) }) });
    expect(decodeTraceColumns(await h.client.call('getTraceColumns', { traceId: trace.traceId }))).toEqual(decodeTraceColumns(columns));
    // An error reply keeps the services' words and code.
    answers.push({ status: 404, contentType: 'application/json', body: text({ ok: false, error: { code: 'not_found', message: 'Zipkin has no trace with id ff' } }) });
    await expect(h.client.call('getTraceColumns', { traceId: 'ff' })).rejects.toMatchObject({ code: 'not_found', message: 'Zipkin has no trace with id ff' });
    // A damaged binary reply fails its call in words, and says so once.
    const cut = encodeBinaryReply(0, columns as unknown as Record<string, unknown>);
    answers.push({ status: 200, contentType: BINARY_REPLY_MEDIA_TYPE, body: bytes(cut.subarray(0, cut.byteLength - 64)) });
    await expect(h.client.call('getTraceColumns', { traceId: trace.traceId })).rejects.toThrow(/^The answer to getTraceColumns arrived damaged \(column "\w+" runs past the end of the frame — the answer was cut short\); try again\.$/);
    expect(h.problems).toHaveLength(1);
    // A refused token, a proxy's HTML page, and no answer at all.
    answers.push({ status: 401, contentType: 'application/json', body: text({ ok: false, error: { code: 'forbidden', message: 'Missing or wrong access token' } }) });
    await expect(h.client.call('getTraceColumns', { traceId: 'ff' })).rejects.toMatchObject({ code: 'forbidden', message: 'The web host refused the access token.' });
    answers.push({ status: 502, contentType: 'text/html', body: text('x').slice(1, 2) });
    await expect(h.client.call('getTraceColumns', { traceId: 'ff' })).rejects.toMatchObject({ code: 'internal', message: 'The answer to getTraceColumns was not JSON (HTTP 502); try again.' });
    answers.push(new TypeError('Failed to fetch'));
    await expect(h.client.call('getTraceColumns', { traceId: 'ff' })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('fails a bulk call that is not answered in time', async () => {
    const h = harness({ bulk: () => new Promise<BulkAnswer>(() => undefined) });
    const waiting = h.client.call('getTraceColumns', { traceId: 'ff' });
    const timer = h.timers.find((t) => t.ms === 30_000 && !t.cleared)!;
    timer.fn();
    await expect(waiting).rejects.toMatchObject({ code: 'unavailable', message: 'Lockstep did not answer "getTraceColumns" within 30 s. Check the connection and try again.' });
  });

  it('queues calls until the socket opens and resolves parsed replies', async () => {
    const h = harness();
    const pending = h.client.call('listDeployments', {});
    expect(h.last().sent).toHaveLength(0);
    h.last().open();
    const sent = h.last().sent[0]!;
    expect(sent).toMatchObject({ type: 'call', method: 'listDeployments', request: {} });
    h.last().receive({ type: 'reply', id: sent.id, reply: { ok: true, value: { deployments: [] } } });
    await expect(pending).resolves.toEqual({ deployments: [] });
    expect(h.client.connection().status).toBe('open');
  });

  it('turns error replies into LockstepApiError and rejects values of the wrong shape', async () => {
    const h = harness();
    h.last().open();
    const denied = h.client.call('listAlerts', {});
    const malformed = h.client.call('listDeployments', {});
    const [a, b] = h.last().sent;
    h.last().receive({ type: 'reply', id: a!.id, reply: { ok: false, error: { code: 'unavailable', message: 'Alertmanager is down' } } });
    h.last().receive({ type: 'reply', id: b!.id, reply: { ok: true, value: { deployments: 'nope' } } });
    await expect(denied).rejects.toMatchObject({ code: 'unavailable', message: 'Alertmanager is down' });
    const error = await malformed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockstepApiError);
    expect((error as LockstepApiError).code).toBe('internal');
  });

  it('delivers parsed events and reports bad ones instead of passing them on', () => {
    const h = harness();
    h.last().open();
    const got: number[] = [];
    h.client.on('deployments', (e) => got.push(e.deployments.length));
    h.last().receive({ type: 'event', event: 'deployments', payload: { deployments: [] } });
    h.last().receive({ type: 'event', event: 'deployments', payload: { deployments: 5 } });
    h.last().receive('not json');
    h.last().receive({ type: 'mystery' });
    expect(got).toEqual([0]);
    expect(h.problems).toHaveLength(3);
  });

  it('fails in-flight calls on a drop, reconnects with backoff and re-sends live queries', async () => {
    const h = harness();
    h.last().open();
    const live = { queries: [{ id: 'p/A', expr: 'up', rangeSeconds: 60, stepSeconds: 5, refreshSeconds: 5 }] };
    const subscribe = h.client.call('setLiveQueries', live);
    h.last().receive({ type: 'reply', id: h.last().sent[0]!.id, reply: { ok: true, value: { accepted: 1 } } });
    await subscribe;
    const inFlight = h.client.call('listAlerts', {});
    h.last().drop();
    await expect(inFlight).rejects.toThrow(/dropped before "listAlerts" was answered/);
    expect(h.client.connection()).toMatchObject({ status: 'reconnecting', attempt: 1 });
    h.fireReconnect();
    expect(h.sockets).toHaveLength(2);
    h.last().open();
    expect(h.states.map((s) => s.status)).toEqual(['open', 'reconnecting', 'open']);
    expect(h.last().sent[0]).toMatchObject({ method: 'setLiveQueries', request: live });
    await flush();
  });

  it('says in words why the host closed the socket, and reconnects', async () => {
    const h = harness();
    h.last().open();
    const inFlight = h.client.call('listAlerts', {});
    h.last().drop(1013);
    await expect(inFlight).rejects.toThrow(/closed the connection: this console fell too far behind the live updates/);
    expect(h.problems).toEqual(['The web host closed the connection: this console fell too far behind the live updates. Reconnecting.']);
    expect(h.client.connection()).toMatchObject({ status: 'reconnecting', attempt: 1 });
  });

  it('refuses a call larger than the host accepts instead of losing the socket for it', async () => {
    const h = harness();
    h.last().open();
    const huge = { queries: [{ id: 'p/A', expr: 'x'.repeat(1024 * 1024 + 1), rangeSeconds: 60, stepSeconds: 5, refreshSeconds: 5 }] };
    await expect(h.client.call('setLiveQueries', huge)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/too large to send/) });
    expect(h.last().sent).toHaveLength(0);
    expect(h.client.connection().status).toBe('open');
  });

  // The host refuses a wrong token at the HTTP upgrade (401), so a browser sees only a
  // socket that closed before it opened; the client asks over HTTP why.
  it('asks over HTTP when a socket closes before opening, and stops if the token is refused', async () => {
    const h = harness({ checkAuth: async () => 'unauthorized' });
    h.last().drop(1006);
    await flush();
    expect(h.client.connection().status).toBe('unauthorized');
    expect(h.timers.filter((t) => !t.cleared && t.ms < 30_000)).toHaveLength(0);
    await expect(h.client.call('listAlerts', {})).rejects.toMatchObject({ code: 'forbidden' });

    const g = harness({ checkAuth: async () => 'unknown' });
    g.last().drop(1006);
    await flush();
    expect(g.client.connection().status).toBe('reconnecting');
  });
});

describe('backoffDelay', () => {
  it('doubles, is capped and jittered', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(50, () => 1)).toBe(15_000);
    expect(backoffDelay(50, () => 0)).toBe(7_500);
  });
});
