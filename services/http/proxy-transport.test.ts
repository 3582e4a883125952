import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../../testing/test-pki';
import { startTestProxy, type TestProxy } from '../../testing/test-proxy';
import { AnyJson, closedPort, failureOf, fakeLookup, promConfig, sendJson, startServer, type TestServer, Transports, whileHealthyPolls } from './testdata/transport-kit';

/**
 * Requests through a local HTTP proxy (testing/test-proxy.ts): forwarded for http://,
 * tunnelled with CONNECT for https://, chosen from the environment or the source's own
 * setting; and the sentences for a proxy that refuses or wants a sign-in.
 */

let pki: TestPki;
let plain: TestServer;
let secure: TestServer;
let proxy: TestProxy;
let guarded: TestProxy;
const transports = new Transports();
const toLoopback = (host: string) => (host === 'prom.example' ? '127.0.0.1' : host);
// Only the proxy resolves prom.example: a request that went direct would fail to resolve it.
const noNames = fakeLookup({});

beforeAll(async () => {
  pki = makeTestPki();
  plain = await startServer((req, res) => sendJson(res, 200, { path: req.url, host: req.headers.host }));
  secure = await startServer((_req, res) => sendJson(res, 200, { secure: true }), { cert: pki.server.cert, key: pki.server.key });
  proxy = await startTestProxy({ resolve: toLoopback });
  guarded = await startTestProxy({ resolve: toLoopback, requireAuthorization: `Basic ${Buffer.from('ops:right').toString('base64')}` });
});
afterEach(() => transports.closeAll());
afterAll(async () => {
  await Promise.all([plain, secure].map((s) => s?.close()));
  await Promise.all([proxy, guarded].map((p) => p?.close()));
  pki?.remove();
});

describe('through a proxy', () => {
  it('http:// from HTTP_PROXY is forwarded; https:// from HTTPS_PROXY goes through a CONNECT tunnel, the certificate still checked', async () => {
    const before = proxy.seen.length;
    const env = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url };
    const { http } = transports.make(promConfig(`http://prom.example:${plain.port}`), { env, lookup: noNames });
    expect(await http.json(`http://prom.example:${plain.port}/api/v1/query`, AnyJson)).toEqual({ path: '/api/v1/query', host: `prom.example:${plain.port}` });
    const tls = transports.make(promConfig(`https://prom.example:${secure.port}`, { tls: { caFile: pki.ca.certFile } }), { env, lookup: noNames }).http;
    expect(await tls.json(`https://prom.example:${secure.port}/api/v1/query`, AnyJson)).toEqual({ secure: true });
    expect(proxy.seen.slice(before)).toEqual([`GET http://prom.example:${plain.port}/api/v1/query`, `CONNECT prom.example:${secure.port}`]);

    const untrusted = transports.make(promConfig(`https://prom.example:${secure.port}`, { retries: 0 }), { env, lookup: noNames }).http;
    const error = await failureOf(untrusted.json(`https://prom.example:${secure.port}/api/v1/query`, AnyJson));
    expect(error.message).toBe("the TLS certificate of prom.example (issued by 'Test CA') is not trusted: add its CA with tls.caFile");
  });

  it('NO_PROXY and loopback go direct; the source’s own proxy is used even for loopback', async () => {
    const env = { HTTP_PROXY: proxy.url, NO_PROXY: 'example' };
    const before = proxy.seen.length;
    const direct = transports.make(promConfig(`http://prom.example:${plain.port}`), { env, lookup: fakeLookup({ 'prom.example': '127.0.0.1' }) }).http;
    expect(await direct.json(`http://prom.example:${plain.port}/x`, AnyJson)).toMatchObject({ host: `prom.example:${plain.port}` });
    const loopback = transports.make(promConfig(plain.url), { env: { HTTP_PROXY: proxy.url } }).http;
    await loopback.json(`${plain.url}/x`, AnyJson);
    expect(proxy.seen.length).toBe(before);
    const explicit = transports.make(promConfig(plain.url, { proxy: proxy.url })).http;
    await explicit.json(`${plain.url}/y`, AnyJson);
    expect(proxy.seen.slice(before)).toEqual([`GET ${plain.url}/y`]);
  });

  it('a proxy that refuses: names the proxy and where it was set, and the other sources carry on', async () => {
    const port = await closedPort();
    const { http } = transports.make(promConfig(`https://prom.example:${secure.port}`), { env: { HTTPS_PROXY: `http://127.0.0.1:${port}` }, lookup: noNames });
    const healthy = transports.make(promConfig(plain.url, { id: 'healthy', name: 'Healthy' })).http;
    const meanwhile = await whileHealthyPolls(healthy, `${plain.url}/ok`, http.json(`https://prom.example:${secure.port}/api/v1/query`, AnyJson));
    expect(meanwhile.answers).toBeGreaterThanOrEqual(1);
    expect(meanwhile.slowestMs).toBeLessThan(500);
    expect(meanwhile.outcome.status).toBe('rejected');
    const error = (meanwhile.outcome as PromiseRejectedResult).reason as Error;
    expect(error.message).toBe(`the proxy 127.0.0.1:${port} (from HTTPS_PROXY) refused the connection — is the proxy running there, and is HTTPS_PROXY right?`);

    const configured = transports.make(promConfig(plain.url, { proxy: `http://127.0.0.1:${port}` })).http;
    const own = await failureOf(configured.json(`${plain.url}/x`, AnyJson));
    expect(own.message).toBe(`the proxy 127.0.0.1:${port} (set on this source) refused the connection — is the proxy running there, and is the source's "proxy" setting right?`);
  });

  it('a proxy that wants a sign-in (407), for a tunnel and for a forwarded request; the right credentials from HTTPS_PROXY pass', async () => {
    const tunnel = transports.make(promConfig(`https://prom.example:${secure.port}`, { tls: { caFile: pki.ca.certFile } }), { env: { HTTPS_PROXY: guarded.url }, lookup: noNames }).http;
    const error = await failureOf(tunnel.json(`https://prom.example:${secure.port}/api/v1/query`, AnyJson));
    expect(error.message).toBe(`the proxy 127.0.0.1:${guarded.port} (from HTTPS_PROXY) wants a sign-in (407 Proxy Authentication Required) — give its user and password in HTTPS_PROXY as http://user:password@host:port`);
    expect(error.problem).toBe('proxy_auth');

    const forwarded = transports.make(promConfig(`http://prom.example:${plain.port}`), { env: { HTTP_PROXY: `http://ops:wrong@127.0.0.1:${guarded.port}` }, lookup: noNames }).http;
    const wrong = await failureOf(forwarded.json(`http://prom.example:${plain.port}/x`, AnyJson));
    expect(wrong.message).toBe(`the proxy 127.0.0.1:${guarded.port} (from HTTP_PROXY) refused the user name and password given for it (407 Proxy Authentication Required) — check them in HTTP_PROXY`);

    const signedIn = transports.make(promConfig(`https://prom.example:${secure.port}`, { tls: { caFile: pki.ca.certFile } }), {
      env: { HTTPS_PROXY: `http://ops:right@127.0.0.1:${guarded.port}` },
      lookup: noNames,
    }).http;
    expect(await signedIn.json(`https://prom.example:${secure.port}/api/v1/query`, AnyJson)).toEqual({ secure: true });
  });

  it('a proxy variable that is not usable fails that source in words, not the console', async () => {
    const { http } = transports.make(promConfig('http://prom.example:9090'), { env: { HTTP_PROXY: 'socks5://proxy:1080' } });
    const error = await failureOf(http.json('http://prom.example:9090/x', AnyJson));
    expect(error.message).toBe('Test Prometheus cannot be used: the proxy in HTTP_PROXY is socks5://…, which Lockstep does not speak — use an HTTP or HTTPS proxy (http://host:port)');
  });
});
