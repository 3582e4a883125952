import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classifySourceError } from './classify-error';
import { transportFailure } from './failure-words';
import { MB, ResponseBudget } from './response-budget';
import {
  AnyJson,
  closedPort,
  failureOf,
  fakeLookup,
  promConfig,
  sendJson,
  startServer,
  type TestServer,
  Transports,
  whileHealthyPolls,
} from './testdata/transport-kit';

/**
 * Each way a source can fail before Lockstep has a usable answer, against a local server
 * that fails that way, asserting the exact sentence a person sees on the panel — and that
 * a healthy source's requests keep being answered meanwhile.
 */

const HTML_LOGIN = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Sign in &amp; continue</title></head><body><form>…</form></body></html>';
const seenEncodings: string[] = [];
let server: TestServer;
let healthyServer: TestServer;
const transports = new Transports();

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    switch (path) {
      case '/gzip': {
        seenEncodings.push(String(req.headers['accept-encoding']));
        const body = gzipSync(JSON.stringify({ status: 'success', data: { compressed: 'gzip' } }));
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(body.length) }).end(body);
        return;
      }
      case '/br': {
        const body = brotliCompressSync(JSON.stringify({ status: 'success', data: { compressed: 'br' } }));
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' }).end(body);
        return;
      }
      case '/bomb': {
        // 3 MB of spaces compress to a few KB: the cap counts what it unpacks to.
        const body = gzipSync(Buffer.alloc(3 * MB, 0x20));
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(body.length) }).end(body);
        return;
      }
      case '/empty-gzip':
        res.writeHead(204, { 'content-encoding': 'gzip' }).end();
        return;
      case '/corrupt-gzip':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end('{"this":"is not gzip"}');
        return;
      case '/big':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2 * MB) }).end(Buffer.alloc(2 * MB, 0x20));
        return;
      case '/big-chunked':
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 4; i++) res.write(Buffer.alloc(MB / 2, 0x20));
        res.end();
        return;
      case '/truncated':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"status":"success","data":' + ' '.repeat(23));
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      case '/stall':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"status":"success","data":' + ' '.repeat(23));
        return; // and nothing more, until the client gives up
      case '/silent':
        return; // never answers
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_LOGIN);
        return;
      case '/badjson':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":{"resultType":"matrix" "result":[]}}');
        return;
      case '/cutjson':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":{"resu');
        return;
      case '/unauthorized':
        sendJson(res, 401, { status: 'error', error: 'token expired' });
        return;
      case '/forbidden':
        res.writeHead(403, { 'content-type': 'text/plain' }).end('user "lockstep" may not query tenant fleet\n');
        return;
      case '/bad-gateway-html':
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>');
        return;
      default:
        sendJson(res, 200, { status: 'success', data: {} });
    }
  });
  healthyServer = await startServer((_req, res) => sendJson(res, 200, { status: 'success', data: { healthy: true } }));
});
afterEach(() => transports.closeAll());
afterAll(async () => {
  await server.close();
  await healthyServer.close();
});

function healthy() {
  return transports.make(promConfig(healthyServer.url, { id: 'healthy', name: 'Healthy Prometheus' })).http;
}

/** The failure of `path` on the test server, while a healthy source is polled; asserts the healthy one kept answering quickly. */
async function sentenceFor(url: string, extra: Record<string, unknown> = {}, options: Parameters<Transports['make']>[1] = {}) {
  const { http } = transports.make(promConfig(url, extra), options);
  const meanwhile = await whileHealthyPolls(healthy(), `${healthyServer.url}/api/v1/query`, http.json(url, AnyJson));
  expect(meanwhile.answers).toBeGreaterThanOrEqual(1);
  expect(meanwhile.slowestMs).toBeLessThan(500);
  return failureOf(Promise.resolve(meanwhile.outcome).then((o) => (o.status === 'rejected' ? Promise.reject(o.reason) : o.value)));
}

describe('the sentence a person sees when a source fails', () => {
  it('a wrong port: refused, after the retries', async () => {
    const port = await closedPort();
    const error = await sentenceFor(`http://127.0.0.1:${port}/api/v1/query`);
    expect(error.message).toBe(`127.0.0.1:${port} refused the connection — is Prometheus running there?`);
    expect(error.kind).toBe('unreachable');
    expect(classifySourceError(error)).toEqual({ kind: 'refused', sentence: error.message });
  });

  it('a name that does not resolve: said at once, not retried', async () => {
    const asked: string[] = [];
    const error = await sentenceFor('http://nowhere.example:9090/api/v1/query', {}, { lookup: fakeLookup({}, [], asked) });
    expect(error.message).toBe('cannot resolve nowhere.example: no such host — check the URL');
    expect(error.problem).toBe('dns');
    expect(asked).toEqual(['nowhere.example']);
  });

  it('a connection that never opens: the connect timeout', async () => {
    const error = await sentenceFor('http://slow.example:9090/api/v1/query', { connectTimeoutMs: 300, retries: 0 }, { lookup: fakeLookup({}, ['slow.example']) });
    expect(error.message).toBe('could not connect to slow.example:9090 within 0.3 s — is the address right, and does a firewall let this computer through?');
    expect(error.problem).toBe('connect_timeout');
  });

  it('a server that takes the request and never answers: the answer timeout', async () => {
    const error = await sentenceFor(`${server.url}/silent`, { timeoutMs: 400, retries: 0 });
    expect(error.message).toBe(`127.0.0.1:${server.port} did not answer within 0.4 s`);
    expect(error.kind).toBe('timeout');
  });

  it('a body that stalls half-way', async () => {
    const error = await sentenceFor(`${server.url}/stall`, { stallTimeoutMs: 300 });
    expect(error.message).toBe(
      `127.0.0.1:${server.port} stopped sending in the middle of its answer: nothing for 0.3 s after 50 bytes — the server or a proxy on the way is stuck`,
    );
    expect(error.problem).toBe('stalled');
  });

  it('a body cut off before its announced length', async () => {
    const error = await sentenceFor(`${server.url}/truncated`);
    expect(error.message).toBe(`127.0.0.1:${server.port} closed the connection before its answer was complete (50 of 100 bytes) — the server or a proxy on the way cut it off`);
    expect(error.problem).toBe('truncated');
  });

  it('an answer over the cap: refused from its announced size, or as it grows, counting what gzip unpacks to', async () => {
    const announced = await sentenceFor(`${server.url}/big`, { maxResponseMB: 1 });
    expect(announced.message).toBe(
      `127.0.0.1:${server.port} sent more than 1 MB in one answer (it announced 2 MB); refusing it. Narrow the query or time range, or raise "maxResponseMB" on this source`,
    );
    const growing = await sentenceFor(`${server.url}/big-chunked`, { maxResponseMB: 1 });
    expect(growing.message).toBe(`127.0.0.1:${server.port} sent more than 1 MB in one answer; refusing it. Narrow the query or time range, or raise "maxResponseMB" on this source`);
    const bomb = await sentenceFor(`${server.url}/bomb`, { maxResponseMB: 1 });
    expect(bomb.message).toBe(
      `127.0.0.1:${server.port} sent more than 1 MB in one answer (once decompressed); refusing it. Narrow the query or time range, or raise "maxResponseMB" on this source`,
    );
    expect(bomb.problem).toBe('too_large');
  });

  it('the console-wide budget drops an answer that does not fit beside the others', async () => {
    const budget = new ResponseBudget(MB);
    const held = budget.tryReserve(MB / 2);
    expect(held).toBe(true);
    const { transport } = transports.make(promConfig(server.url));
    const { sourceHttp } = await import('./source-http');
    const http = sourceHttp(promConfig(server.url), { transport, budget });
    const error = await failureOf(http.json(`${server.url}/big-chunked`, AnyJson));
    expect(error.message).toBe(`127.0.0.1:${server.port}'s answer was dropped: answers are larger than this console can hold at once (1 MB in flight); narrow the query or time range`);
    expect(budget.inFlightBytes).toBe(MB / 2);
  });

  it('asks for gzip and brotli and reads them', async () => {
    const { http } = transports.make(promConfig(server.url));
    expect(await http.json(`${server.url}/gzip`, AnyJson)).toEqual({ status: 'success', data: { compressed: 'gzip' } });
    expect(await http.json(`${server.url}/br`, AnyJson)).toEqual({ status: 'success', data: { compressed: 'br' } });
    expect(seenEncodings.at(-1)).toBe('gzip, deflate, br');
    expect(await http.text(`${server.url}/empty-gzip`)).toMatchObject({ status: 204, text: '' });
    const corrupt = await failureOf(http.json(`${server.url}/corrupt-gzip`, AnyJson));
    expect(corrupt.message).toBe(`127.0.0.1:${server.port} sent a gzip answer that does not decompress (incorrect header check) — a proxy on the way may have changed it`);
  });

  it('invalid JSON: where it breaks', async () => {
    const bad = await sentenceFor(`${server.url}/badjson`);
    expect(bad.message).toBe(
      `127.0.0.1:${server.port} sent invalid JSON at character 51 of 63 (Expected ',' or '}' after property value), near 'esultType":"matrix" "result":[]}}'`,
    );
    const cut = await sentenceFor(`${server.url}/cutjson`);
    expect(cut.message).toBe(`127.0.0.1:${server.port} sent JSON that stops in the middle, after 33 bytes — the answer was cut off on the way`);
    expect(cut.problem).toBe('not_json');
  });

  it('an HTML login page where the API should answer', async () => {
    const error = await sentenceFor(`${server.url}/html`);
    expect(error.message).toBe(`127.0.0.1:${server.port} answered with an HTML page (title: 'Sign in & continue'), not the Prometheus API — a login proxy in front of it?`);
    expect(error.problem).toBe('html');
  });

  it('401 and 403 in the server’s own words, saying whether the credential or its lack is the problem (never its name)', async () => {
    const withAuth = promConfig(server.url, { auth: { type: 'bearer', credential: 'prom-token' } });
    const transport = transports.make(withAuth).transport;
    const { sourceHttp } = await import('./source-http');
    const http = sourceHttp(withAuth, { transport, credentials: { get: async () => 'secret', howToAdd: (n) => `store ${n}` } });
    const unauthorized = await failureOf(http.json(`${server.url}/unauthorized`, AnyJson));
    expect(unauthorized.message).toBe(`Test Prometheus (127.0.0.1:${server.port}) refused the request (401 Unauthorized): token expired — its stored credential was not accepted; store a current one`);
    const forbidden = await failureOf(http.json(`${server.url}/forbidden`, AnyJson));
    expect(forbidden.message).toBe(`Test Prometheus (127.0.0.1:${server.port}) refused the request (403 Forbidden): user "lockstep" may not query tenant fleet — its credential is valid but not allowed to do this`);
    const anonymous = await sentenceFor(`${server.url}/unauthorized`);
    expect(anonymous.message).toBe(`Test Prometheus (127.0.0.1:${server.port}) refused the request (401 Unauthorized): token expired — it wants a sign-in: set "auth" on this source`);
  });

  it('an HTML error page of a gateway is named by its title', async () => {
    const error = await sentenceFor(`${server.url}/bad-gateway-html`, { retries: 0 });
    expect(error.message).toBe(`Test Prometheus (127.0.0.1:${server.port}) answered 502: an HTML page (title: '502 Bad Gateway')`);
  });
});

describe('classifySourceError, for a "Test connection" button', () => {
  it('words a raw network error for the URL it was for, and tells a cancelled request apart', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:9090'), { code: 'ECONNREFUSED' });
    expect(classifySourceError(refused, { sourceId: 'prom', url: 'http://10.1.2.3:9090', product: 'Prometheus' })).toEqual({
      kind: 'refused',
      sentence: '10.1.2.3:9090 refused the connection — is Prometheus running there?',
    });
    expect(classifySourceError(new DOMException('This operation was aborted', 'AbortError'))).toEqual({ kind: 'aborted', sentence: 'the request was cancelled before it finished' });
    expect(classifySourceError(new Error('boom'))).toEqual({ kind: 'internal', sentence: 'Something went wrong inside Lockstep: boom' });
  });
});

describe('a TLS alert from a server that checks client certificates (as Go and nginx send them)', () => {
  const alert = (code: string, said: string) => Object.assign(new Error(`error:0A000418:SSL routines::tlsv1 alert ${said}:SSL alert number 48`), { code });
  const place = { sourceId: 'prom', url: new URL('https://prom.example:9090'), timeoutMs: 5_000, clientCertificate: 'CN=lockstep-client' };
  const progress = { answered: false, received: 0, deadlinePassed: false };

  it('names the certificate it refused and what the server said', () => {
    const error = transportFailure(alert('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'unknown ca'), place, progress);
    expect(error.message).toBe(`prom.example did not accept Lockstep's client certificate (CN=lockstep-client): it said "unknown ca" — check that tls.certFile is issued by a CA it trusts and still valid`);
    expect(error.problem).toBe('tls_client_cert_rejected');
  });

  it('without a client certificate, a handshake failure most likely means one is wanted', () => {
    const { clientCertificate: _none, ...anonymous } = place;
    const error = transportFailure(alert('ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE', 'handshake failure'), anonymous, progress);
    expect(error.message).toBe('prom.example refused the TLS handshake (handshake failure) — it most likely requires a client certificate: set tls.certFile and tls.keyFile on this source');
  });
});
