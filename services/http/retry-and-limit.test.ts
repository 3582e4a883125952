import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from './concurrency-limit';
import { backoffMs, DEFAULT_RETRY, retryAfterMs } from './retry-policy';
import { AnyJson, failureOf, promConfig, sendJson, startServer, type TestServer, Transports } from './testdata/transport-kit';

/** Retries only where a read is safe to send again; aborts end them at once; one source's trouble never holds up another's. */

const hits = new Map<string, number>();
const count = (key: string) => hits.get(key) ?? 0;
let abandoned = 0;
let server: TestServer;
const transports = new Transports();

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = `${req.method} ${url.pathname}${url.search}`;
    hits.set(key, count(key) + 1);
    const n = count(key);
    switch (url.pathname) {
      case '/flaky':
        // 503 twice, then the answer: a server restarting behind its load balancer.
        if (n <= 2) res.writeHead(503, { 'content-type': 'text/plain' }).end('upstream connect error\n');
        else sendJson(res, 200, { status: 'success', try: n });
        return;
      case '/always-503':
        res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable\n');
        return;
      case '/retry-after':
        if (n === 1) res.writeHead(503, { 'retry-after': url.searchParams.get('s') ?? '1' }).end('busy');
        else sendJson(res, 200, { status: 'success', try: n });
        return;
      case '/silent':
        // Never answers; counts the connections the client gave up on, so a test can see an abort reach the server.
        res.on('close', () => (abandoned += 1));
        return;
      default:
        sendJson(res, 200, { status: 'success' });
    }
  });
});
afterEach(() => transports.closeAll());
afterAll(() => server.close());

describe('retries', () => {
  it('a GET that meets 503, 503, then an answer succeeds on its third try', async () => {
    const { http } = transports.make(promConfig(server.url));
    expect(await http.json(`${server.url}/flaky?k=get`, AnyJson)).toEqual({ status: 'success', try: 3 });
    expect(count('GET /flaky?k=get')).toBe(3);
  });

  it('a POST is sent once, whatever the answer; a POST declared a read is retried like a GET', async () => {
    const { http } = transports.make(promConfig(server.url));
    const error = await failureOf(http.json(`${server.url}/flaky?k=post`, AnyJson, { method: 'POST', body: '{}' }));
    expect(error.message).toBe(`Test Prometheus (127.0.0.1:${server.port}) answered 503: upstream connect error`);
    expect(count('POST /flaky?k=post')).toBe(1);
    expect(await http.json(`${server.url}/flaky?k=query`, AnyJson, { method: 'POST', body: 'query=up', read: true })).toEqual({ status: 'success', try: 3 });
  });

  it('gives up after the configured tries and tells the last answer', async () => {
    const { http } = transports.make(promConfig(server.url, { retries: 1 }));
    const error = await failureOf(http.json(`${server.url}/always-503?k=1`, AnyJson));
    expect(error.message).toBe(`Test Prometheus (127.0.0.1:${server.port}) answered 503: Service Unavailable`);
    expect(count('GET /always-503?k=1')).toBe(2);
  });

  it('waits as long as Retry-After asks, up to a cap; past the cap it tells the failure at once', async () => {
    const { http } = transports.make(promConfig(server.url));
    const started = performance.now();
    expect(await http.json(`${server.url}/retry-after?s=1`, AnyJson)).toEqual({ status: 'success', try: 2 });
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(2_500);

    const quick = performance.now();
    const error = await failureOf(http.json(`${server.url}/retry-after?s=120`, AnyJson));
    expect(performance.now() - quick).toBeLessThan(500);
    expect(error.message).toBe(`Test Prometheus (127.0.0.1:${server.port}) answered 503: busy`);
    expect(count('GET /retry-after?s=120')).toBe(1);
  });

  it('retries spend what is left of the source’s timeout and never extend it', async () => {
    const { http } = transports.make(promConfig(server.url, { timeoutMs: 400 }));
    const started = performance.now();
    const error = await failureOf(http.json(`${server.url}/silent?k=budget`, AnyJson));
    const took = performance.now() - started;
    expect(error.message).toBe(`127.0.0.1:${server.port} did not answer within 0.4 s`);
    expect(took).toBeGreaterThanOrEqual(390);
    expect(took).toBeLessThan(800);
    expect(count('GET /silent?k=budget')).toBe(1);
  });

  it('an aborted query stops retrying at once', async () => {
    const { http } = transports.make(promConfig(server.url, { retries: 5 }));
    const controller = new AbortController();
    const pending = http.json(`${server.url}/always-503?k=abort`, AnyJson, { signal: controller.signal }).catch((e: unknown) => e);
    // Abort once the first try has been answered, during the wait before the second.
    for (let i = 0; i < 200 && count('GET /always-503?k=abort') === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const tries = count('GET /always-503?k=abort');
    controller.abort();
    const abortedAt = performance.now();
    const error = await pending;
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect((error as Error).name).toBe('AbortError');
    await new Promise((r) => setTimeout(r, 2_500));
    expect(count('GET /always-503?k=abort')).toBeLessThanOrEqual(tries + 1);
  });

  it('full jitter stays under the cap, and Retry-After reads seconds and dates', () => {
    for (let retry = 0; retry < 8; retry++) {
      expect(backoffMs(retry, DEFAULT_RETRY, () => 0.999999)).toBeLessThan(Math.min(2_000, 200 * 2 ** retry));
      expect(backoffMs(retry, DEFAULT_RETRY, () => 0)).toBe(0);
    }
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('the per-source concurrency limit', () => {
  it('queues past the limit; an aborted request frees its slot and an aborted waiter leaves the queue', async () => {
    const { http, transport } = transports.make(promConfig(server.url, { maxConcurrent: 1, retries: 0 }));
    const hanging = new AbortController();
    const first = http.json(`${server.url}/silent`, AnyJson, { signal: hanging.signal }).catch((e: unknown) => e);
    for (let i = 0; i < 100 && transport.limit.running === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(transport.limit.running).toBe(1);

    const waiter = new AbortController();
    const queued = http.json(`${server.url}/ok`, AnyJson, { signal: waiter.signal }).catch((e: unknown) => e);
    const next = http.json(`${server.url}/ok`, AnyJson);
    await new Promise((r) => setTimeout(r, 20));
    expect(transport.limit.queued).toBe(2);
    waiter.abort();
    expect(((await queued) as Error).name).toBe('AbortError');
    expect(transport.limit.queued).toBe(1);

    const before = abandoned;
    hanging.abort();
    expect(((await first) as Error).name).toBe('AbortError');
    // Really aborted: the server sees the connection go, so it can stop working on the query.
    for (let i = 0; i < 100 && abandoned === before; i++) await new Promise((r) => setTimeout(r, 5));
    expect(abandoned).toBe(before + 1);
    expect(await next).toEqual({ status: 'success' });
    expect(transport.limit.running).toBe(0);
  });

  it('limits in order and rejects a waiter whose signal aborted before it asked', async () => {
    const limit = new ConcurrencyLimit(2);
    const a = await limit.acquire();
    const b = await limit.acquire();
    const order: string[] = [];
    const c = limit.acquire().then((release) => (order.push('c'), release));
    const d = limit.acquire().then((release) => (order.push('d'), release));
    a();
    a(); // a second release of the same slot is ignored
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(limit.running).toBe(0);
    const gone = new AbortController();
    gone.abort();
    await expect(limit.acquire(gone.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a stalled source does not hold up another source: the healthy answer arrives in time', async () => {
    const stalled = transports.make(promConfig(server.url, { id: 'stuck', name: 'Stuck Prometheus', maxConcurrent: 2, timeoutMs: 1_000, retries: 0 })).http;
    const healthy = transports.make(promConfig(server.url, { id: 'fine', name: 'Fine Prometheus' })).http;
    const stuck = Array.from({ length: 4 }, () => stalled.json(`${server.url}/silent`, AnyJson).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 50));
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      expect(await healthy.json(`${server.url}/ok`, AnyJson)).toEqual({ status: 'success' });
      times.push(performance.now() - started);
    }
    console.log(`healthy source beside a stalled one: slowest of 10 answers ${Math.max(...times).toFixed(1)} ms`);
    expect(Math.max(...times)).toBeLessThan(200);
    const outcomes = await Promise.all(stuck);
    expect(outcomes.every((e) => (e as Error).message === `127.0.0.1:${server.port} did not answer within 1 s`)).toBe(true);
  });
});
