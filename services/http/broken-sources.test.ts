import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../../testing/test-pki';
import { SourceConfigSchema } from '../config/sources';
import { createDataSource } from '../datasources/registry';
import type { DataSource } from '../datasources/types';
import { observeSource } from '../health/observed-source';
import { SourceHealth } from '../health/source-health';
import { closedPort, sendJson, startServer, type TestServer } from './testdata/transport-kit';

/**
 * The "done": a console with a Prometheus on a wrong port, one behind a TLS
 * certificate from an unknown CA, one behind a proxy that refuses, and one URL that
 * serves a login page — each source's status says one precise sentence, and a healthy
 * Prometheus beside them keeps answering every refresh.
 */

const MATRIX = { status: 'success', data: { resultType: 'matrix', result: [{ metric: { city: 'berlin' }, values: [[1, '1']] }] } };
const LOGIN = '<!doctype html><html><head><title>Sign in</title></head><body>SSO</body></html>';

let pki: TestPki;
let healthy: TestServer;
let tls: TestServer;
let login: TestServer;
let sources: DataSource[] = [];

beforeAll(async () => {
  pki = makeTestPki();
  healthy = await startServer((_req, res) => sendJson(res, 200, MATRIX));
  tls = await startServer((_req, res) => sendJson(res, 200, MATRIX), { cert: pki.server.cert, key: pki.server.key });
  login = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(LOGIN));
});
afterAll(async () => {
  await Promise.all(sources.map((s) => s.close?.()));
  await Promise.all([healthy, tls, login].map((s) => s?.close()));
  pki?.remove();
});

describe('broken sources beside a healthy one', () => {
  it('each broken source says one precise sentence in its status; the healthy one answers every refresh', async () => {
    const wrongPort = await closedPort();
    const deadProxy = await closedPort();
    const configs = [
      { id: 'good', url: healthy.url },
      { id: 'wrong-port', url: `http://127.0.0.1:${wrongPort}` },
      { id: 'unknown-ca', url: tls.url },
      { id: 'dead-proxy', url: healthy.url, proxy: `http://127.0.0.1:${deadProxy}` },
      { id: 'login-page', url: login.url },
      { id: 'unverified', url: tls.url, tls: { insecureSkipVerify: true } },
    ].map(({ id, ...rest }) => SourceConfigSchema.parse({ kind: 'prometheus', id, name: `Prometheus ${id}`, timeoutMs: 3_000, ...rest }));
    const health = new SourceHealth();
    sources = await Promise.all(configs.map((c) => createDataSource(c)));
    const observed = sources.map((s) => observeSource(s, health));
    const now = Date.now();
    const request = { expr: 'up', start: now - 60_000, end: now, stepSeconds: 15 };

    const healthyTimes: number[] = [];
    for (let refresh = 0; refresh < 3; refresh++) {
      const started = performance.now();
      const goodAnswer = observed[0]!.metrics!.queryRange(request).then((r) => (healthyTimes.push(performance.now() - started), r));
      const all = await Promise.allSettled([goodAnswer, ...observed.slice(1).map((s) => s.metrics!.queryRange(request))]);
      expect(all[0]).toMatchObject({ status: 'fulfilled', value: { series: [expect.objectContaining({ labels: { city: 'berlin' } })] } });
      expect(all.at(-1)?.status).toBe('fulfilled');
    }
    console.log(`healthy Prometheus beside four broken ones: answers in ${healthyTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
    expect(Math.max(...healthyTimes)).toBeLessThan(1_000);

    const status = Object.fromEntries(health.current().map((s) => [s.source, s]));
    expect(status.good).toMatchObject({ state: 'ok', message: '' });
    expect(status['wrong-port']).toMatchObject({ state: 'down', message: `metrics: 127.0.0.1:${wrongPort} refused the connection — is Prometheus running there?` });
    expect(status['unknown-ca']).toMatchObject({
      state: 'down',
      message: "metrics: the TLS certificate of 127.0.0.1 (issued by 'Test CA') is not trusted: add its CA with tls.caFile",
    });
    expect(status['dead-proxy']).toMatchObject({
      state: 'down',
      message: `metrics: the proxy 127.0.0.1:${deadProxy} (set on this source) refused the connection — is the proxy running there, and is the source's "proxy" setting right?`,
    });
    expect(status['login-page']).toMatchObject({
      state: 'down',
      message: `metrics: 127.0.0.1:${login.port} answered with an HTML page (title: 'Sign in'), not the Prometheus API — a login proxy in front of it?`,
    });
    expect(status.unverified).toMatchObject({
      state: 'ok',
      warning: 'TLS verification is OFF for Prometheus unverified: anyone on the path can read and change its answers',
    });

    // Closing the services closes each source's pool: nothing is sent after.
    await observed[0]!.close!();
    await expect(observed[0]!.metrics!.queryRange(request)).rejects.toThrow('Prometheus good is closed: Lockstep is shutting down');
  });
});
