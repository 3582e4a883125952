import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope, EventOf, MethodName, RpcReply } from '../../shared';
import { withResults } from '../../shared/model/live-frame';
import { recordingRules } from '../../shared/rules/lockstep-rules';
import {
  scrapeConfigFor,
  skipUnlessInstalled,
  startAlertmanager,
  startPrometheus,
  startStaticExporter,
  startVictoriaMetrics,
  waitFor,
  type RealServer,
  type StaticExporter,
} from '../../testing';
import { makeTestPki, type TestPki } from '../../testing/test-pki';
import { startTestProxy, type TestProxy } from '../../testing/test-proxy';
import { type ActingIdentity, handleAs } from '../actions/acting-identity';
import { LockstepConfigSchema } from '../config/sources';
import { closedPort, startServer, type TestServer } from '../http/testdata/transport-kit';
import { openFileCredentialStore } from '../settings/file-credential-store';
import { createServices } from './create-services';
import type { LockstepServices } from './lockstep-services';

/**
 * The settings screen's services against real servers: a Prometheus and a
 * VictoriaMetrics scraping exporters that serve the dashboard's recorded series (all of
 * them, and five of seven), a real Alertmanager, and the ways a URL can be wrong — a port
 * nothing listens on, a page of HTML, another product, a certificate from an unknown CA, a
 * proxy that refuses. Each answer is one exact sentence; a saved source is used by the
 * next live query without a restart; no secret ever reaches a client.
 */

const SECRET = 'glsa_Settings_Secret_0xC0FFEE';
const RECORDED = recordingRules.map((r) => r.record);
/** What the dashboard reads, in panel order (services/dashboards/war-room.ts). */
const DASHBOARD_ORDER = [
  'city:lock_online:ratio',
  'city_channel:lock_unlock_success:ratio_rate1m',
  'city:lock_unlock_duration_seconds:p95_rate1m',
  'city:lock_unlock_success:ratio_rate1m',
  'service:http_server_request_duration_seconds:p95_rate1m',
  'step:ride_funnel_events:rate1m',
  'service:http_server_errors:ratio_rate1m',
  'provider:payment_success:ratio_rate1m',
];
const exposition = (names: readonly string[]) => names.map((name) => `${name}{city="berlin"} 0.97`).join('\n') + '\n';
const HTML = '<!DOCTYPE html><html><head><title>Sign in — Fleet SSO</title></head><body><form></form></body></html>';

describe.skipIf(skipUnlessInstalled(['prometheus', 'alertmanager', 'victoriaMetrics'], 'settings against real servers'))('Settings: data sources added, tested and removed while running', () => {
  let full: StaticExporter;
  let partial: StaticExporter;
  let prometheus: RealServer;
  let victoria: RealServer;
  let alertmanager: RealServer;
  let html: TestServer;
  let untrusted: TestServer;
  let proxy: TestProxy;
  let pki: TestPki;
  let wrongPort: number;
  let promVersion: string;
  let amVersion: string;
  let dataDir: string;
  let services: LockstepServices;
  const events: EventEnvelope[] = [];
  const replies: RpcReply[] = [];
  const logged: string[] = [];
  const desk = { id: 'desk', send: (event: EventEnvelope) => events.push(event) };
  const operator = { name: 'ana', role: 'operator' as const };

  const call = async (method: MethodName, request: unknown, identity: ActingIdentity = operator) => {
    const reply = await handleAs(services, identity, method, request, desk);
    replies.push(reply);
    return reply;
  };
  const value = async <T>(method: MethodName, request: unknown): Promise<T> => {
    const reply = await call(method, request);
    if (!reply.ok) throw new Error(`${method} failed: ${reply.error.message}`);
    return reply.value as T;
  };
  const test = (source: Record<string, unknown>) => value<{ ok: boolean; kind: string; sentence: string; checks: { what: string; ok: boolean; sentence: string }[] }>('testSource', { source });
  const prom = (url: string, extra: Record<string, unknown> = {}) => ({ kind: 'prometheus', id: 'prom', name: 'Prometheus', url, ...extra });

  beforeAll(async () => {
    vi.spyOn(console, 'warn').mockImplementation((message: unknown) => void logged.push(String(message)));
    pki = makeTestPki();
    full = await startStaticExporter(exposition(RECORDED));
    partial = await startStaticExporter(exposition(DASHBOARD_ORDER.slice(0, 6)));
    [prometheus, victoria, alertmanager] = await Promise.all([
      startPrometheus({ configYaml: scrapeConfigFor(full.url, 1) }),
      startVictoriaMetrics({ scrapeConfigYaml: scrapeConfigFor(partial.url, 1) }),
      startAlertmanager({ configYaml: 'route:\n  receiver: "null"\nreceivers:\n  - name: "null"\n' }),
    ]);
    html = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML));
    untrusted = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), { cert: pki.server.cert, key: pki.server.key });
    proxy = await startTestProxy({ requireAuthorization: 'Basic nobody' });
    wrongPort = await closedPort();
    promVersion = ((await (await fetch(`${prometheus.url}/api/v1/status/buildinfo`)).json()) as { data: { version: string } }).data.version;
    amVersion = ((await (await fetch(`${alertmanager.url}/api/v2/status`)).json()) as { versionInfo: { version: string } }).versionInfo.version;
    await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: { alertname: 'LockOffline', severity: 'critical', service: 'lock-service' }, annotations: {} }]),
    });
    // Both have scraped once: the recorded series exist.
    await waitFor('Prometheus to scrape the exporter', async () => ((await (await fetch(`${prometheus.url}/api/v1/query?query=city:lock_online:ratio`)).json()) as { data: { result: unknown[] } }).data.result.length > 0 || undefined);
    await waitFor('VictoriaMetrics to scrape the exporter', async () => ((await (await fetch(`${victoria.url}/api/v1/label/__name__/values`)).json()) as { data: string[] }).data.includes('city:lock_online:ratio') || undefined, { timeoutMs: 40_000 });

    dataDir = mkdtempSync(join(tmpdir(), 'lockstep-settings-'));
    const config = LockstepConfigSchema.parse({ mode: 'custom', alertPollSeconds: 1, sources: [{ kind: 'alertmanager', id: 'am', name: 'Alertmanager', url: alertmanager.url }] });
    services = await createServices(config, { dataDir, version: 't', defaultActor: 'ana', credentials: openFileCredentialStore(dataDir), configOrigin: '/etc/lockstep.json' });
    services.attach(desk);
  }, 120_000);

  afterAll(async () => {
    await services?.close();
    await Promise.allSettled([prometheus?.stop(), victoria?.stop(), alertmanager?.stop(), full?.close(), partial?.close(), html?.close(), untrusted?.close(), proxy?.close()]);
    pki?.remove();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  // A test that failed half-way must not leave its sources to the next.
  afterEach(async () => {
    const listed = services && (await services.handle('listSourceSettings', {}, desk));
    for (const source of listed?.ok ? (listed.value as { sources: { id: string; origin: string }[] }).sources : []) {
      if (source.origin !== 'file') await services.handle('removeSource', { id: source.id }, desk);
    }
    await services?.handle('setLiveQueries', { queries: [] }, desk);
  });

  describe('Test: one sentence for what answered, or exactly what failed', () => {
    it('a Prometheus with the dashboard’s recorded series', async () => {
      const result = await test(prom(prometheus.url));
      expect(result.sentence).toBe(`Prometheus ${promVersion} answered; 8 of 8 recorded series present`);
      expect(result.ok).toBe(true);
      expect(result.checks.map((c) => c.what)).toEqual(['the query API', 'which product', 'the recorded series']);
    });

    it('a VictoriaMetrics lacking two of them, with how to load them', async () => {
      const result = await test(prom(victoria.url, { id: 'vm', name: 'VictoriaMetrics' }));
      expect(result.kind).toBe('missing_series');
      expect(result.sentence).toMatch(
        /^VictoriaMetrics (\d+\.\d+\.\d+|\(version not reported\)) answered, but 2 of the 8 recorded series the dashboard reads are missing \(service:http_server_errors:ratio_rate1m, provider:payment_success:ratio_rate1m\): load them there with vmalert \(-rule=stack\/rules\/lockstep\.rules\.yml, -remoteWrite\.url pointing at VictoriaMetrics\)$/,
      );
    });

    it('an Alertmanager, with what is firing', async () => {
      const result = await test({ kind: 'alertmanager', id: 'am2', name: 'Team AM', url: alertmanager.url });
      expect(result.sentence).toBe(`Alertmanager ${amVersion} answered; 1 alert firing`);
    });

    it('a port nothing listens on', async () => {
      const result = await test(prom(`http://127.0.0.1:${wrongPort}`));
      expect(result).toMatchObject({ ok: false, kind: 'refused', sentence: `127.0.0.1:${wrongPort} refused the connection — is Prometheus running there?` });
    });

    it('a URL that serves HTML', async () => {
      const result = await test(prom(html.url));
      expect(result).toMatchObject({ ok: false, kind: 'html', sentence: `127.0.0.1:${html.port} answered with an HTML page (title: 'Sign in — Fleet SSO'), not the Prometheus API — a login proxy in front of it?` });
    });

    it('another product at that URL', async () => {
      const port = new URL(alertmanager.url).port;
      const result = await test(prom(alertmanager.url));
      expect(result).toMatchObject({ ok: false, kind: 'wrong_product', sentence: `127.0.0.1:${port} is Alertmanager ${amVersion}, not Prometheus — check the URL (Prometheus usually listens on port 9090)` });
    });

    it('a TLS server whose CA is unknown, naming the certificate', async () => {
      const result = await test(prom(untrusted.url));
      expect(result).toMatchObject({ ok: false, kind: 'tls_untrusted', sentence: "the TLS certificate of 127.0.0.1 (issued by 'Test CA') is not trusted: add its CA with tls.caFile" });
      // With its CA the same server is reached (and is plainly no Prometheus).
      const trusted = await test(prom(untrusted.url, { tls: { caFile: pki.ca.certFile } }));
      expect(trusted.kind).not.toBe('tls_untrusted');
    });

    it('a proxy that refuses', async () => {
      const result = await test(prom(prometheus.url, { proxy: proxy.url }));
      expect(result.ok).toBe(false);
      expect(result.kind).toBe('proxy_auth');
      expect(result.sentence).toBe(`the proxy 127.0.0.1:${proxy.port} (set on this source) wants a sign-in (407 Proxy Authentication Required) — a source's "proxy" setting holds no password: set HTTPS_PROXY=http://user:password@host:port for Lockstep and remove "proxy" from this source`);
    });

    it('a credential that is not stored yet, and an invalid draft', async () => {
      const missing = await test(prom(prometheus.url, { auth: { type: 'bearer', credential: 'prom-token' } }));
      expect(missing).toMatchObject({ ok: false, kind: 'setup', sentence: 'no credential named "prom-token" is stored; add it with "Set secret" in Settings (Prometheus signs in with it)' });
      const invalid = await test(prom('prometheus:9090'));
      expect(invalid).toMatchObject({ ok: false, kind: 'invalid', sentence: 'The source "Prometheus" cannot be tested: url — only http and https URLs are supported.' });
    });
  });

  describe('Save and remove: applied live, kept, logged', () => {
    const liveResults = (id: string) => withResults(events.filter((e) => e.event === 'queryResult' && (e.payload as EventOf<'queryResult'>).queryId === id).map((e) => e.payload as EventOf<'queryResult'>));

    it('a saved Prometheus answers the next live query; removing it makes its panels say it is gone', async () => {
      const query = { expr: 'city:lock_online:ratio', rangeSeconds: 300, stepSeconds: 15, refreshSeconds: 1 };
      await value('setLiveQueries', { queries: [{ id: 'any', ...query }, { id: 'named', source: 'prom', ...query }] });
      await waitFor('the first answers', async () => (liveResults('any').length > 0 && liveResults('named').length > 0) || undefined, { timeoutMs: 5000, intervalMs: 100 });
      expect(liveResults('any').at(-1)?.error).toBe('No configured data source provides metrics.');
      expect(liveResults('named').at(-1)?.error).toBe('There is no data source called "prom".');

      const savedAt = Date.now();
      const saved = await value<{ sentence: string; saved: { origin: string } }>('saveSource', { source: prom(prometheus.url) });
      expect(saved).toMatchObject({ sentence: 'Added Prometheus; panels and alert polling use it from their next refresh.', saved: { origin: 'added' } });
      const changed = events.filter((e) => e.event === 'sourcesChanged').map((e) => e.payload as EventOf<'sourcesChanged'>);
      expect(changed.at(-1)).toMatchObject({ sentence: 'ana added Prometheus (prom)', sources: [{ id: 'am' }, { id: 'prom', kind: 'prometheus' }] });
      const filled = await waitFor('the panel to fill from the new source', async () => liveResults('named').find((r) => (r.result?.series.length ?? 0) > 0), { timeoutMs: 20_000, intervalMs: 200 });
      expect(filled.result!.series[0]!.labels).toMatchObject({ city: 'berlin' });
      console.log(`[settings] the saved Prometheus answered the live query ${Date.now() - savedAt} ms after Save was sent`);
      // The unnamed query refreshes on its own second: it may be answered by the new source just after the named one.
      await waitFor('the unnamed panel to fill from the new source too', async () => liveResults('any').some((r) => (r.result?.series.length ?? 0) > 0) || undefined, { timeoutMs: 5000, intervalMs: 100 });
      expect(logged).toContain('[lockstep] settings: ana added Prometheus (prom)');

      // Kept: a console started again on the same data folder runs it too, marked as added here.
      const listed = await value<{ sources: { id: string; origin: string }[]; configOrigin: string }>('listSourceSettings', {});
      expect(listed.sources.map((s) => `${s.id}:${s.origin}`)).toEqual(['am:file', 'prom:added']);
      expect(listed.configOrigin).toBe('/etc/lockstep.json');

      const removed = await value<{ sentence: string }>('removeSource', { id: 'prom' });
      expect(removed.sentence).toBe('Removed Prometheus; its panels now say it is gone.');
      const gone = await waitFor('the named panel to say its source is gone', async () => liveResults('named').find((r) => r.error?.includes('was removed')), { timeoutMs: 5000, intervalMs: 100 });
      expect(gone.error).toBe('The data source "Prometheus" (prom) was removed in Settings; point this at another source.');
      await waitFor('the unnamed panel to say nothing provides metrics', async () => liveResults('any').at(-1)?.error === 'No configured data source provides metrics.' || undefined, { timeoutMs: 5000, intervalMs: 100 });
      await value('setLiveQueries', { queries: [] });
    });

    it('refuses to remove the config file’s source, and a duplicate id, in one sentence', async () => {
      const fileSource = await call('removeSource', { id: 'am' });
      expect(fileSource).toEqual({ ok: false, error: { code: 'bad_request', message: '"Alertmanager" comes from the config file, so it cannot be removed here; remove it from the file (or edit it here to point elsewhere).' } });
      const duplicate = await call('saveSource', { source: { kind: 'loki', id: 'am', name: 'Logs', url: 'http://127.0.0.1:3100' } });
      expect(duplicate).toEqual({ ok: false, error: { code: 'bad_request', message: 'There already is a source with the id "am" (from the config file); pick another id, or edit that one.' } });
    });

    it('a second Alertmanager’s alerts join the list at once', async () => {
      await value('saveSource', { source: { kind: 'alertmanager', id: 'am-b', name: 'Team B', url: alertmanager.url } });
      const polled = await value<{ alerts: { name: string; source: string }[] }>('listAlerts', {});
      expect(polled.alerts.some((a) => a.name === 'LockOffline')).toBe(true);
      await value('removeSource', { id: 'am-b' });
    });
  });

  describe('secrets', () => {
    it('are set once, used by sources, and never in any reply, event or log line', async () => {
      const stored = await value<{ sentence: string }>('setCredential', { name: 'prom-token', secret: SECRET });
      expect(stored.sentence).toBe('Stored the secret for "prom-token".');
      await value('saveSource', { source: prom(prometheus.url, { auth: { type: 'bearer', credential: 'prom-token' } }) });
      const listed = await value<{ sources: { id: string; credentials: unknown }[]; storedCredentials: string[]; credentials: { kind: string; sentence: string } }>('listSourceSettings', {});
      expect(listed.sources.find((s) => s.id === 'prom')?.credentials).toEqual([{ name: 'prom-token', set: true }]);
      expect(listed.storedCredentials).toEqual(['prom-token']);
      expect(listed.credentials.kind).toBe('key-file');
      const tested = await test(prom(prometheus.url, { auth: { type: 'bearer', credential: 'prom-token' } }));
      expect(tested.checks.at(-1)).toEqual({ what: 'sign-in', ok: true, sentence: 'the stored credential "prom-token" was accepted' });
      const exported = await value<{ text: string; count: number }>('exportSourceSettings', {});
      expect(JSON.parse(exported.text)).toMatchObject({ credentials: ['prom-token'], sources: [{ id: 'am' }, { id: 'prom', auth: { credential: 'prom-token' } }] });
      expect((await value<{ sentence: string }>('deleteCredential', { name: 'prom-token' })).sentence).toBe('Deleted the secret "prom-token"; Prometheus cannot sign in until one is stored again.');
      await value('removeSource', { id: 'prom' });

      // Every envelope any client got, every reply, every log line.
      const everything = JSON.stringify([events, replies, logged]);
      expect(everything).not.toContain(SECRET);
      expect(everything).not.toContain(Buffer.from(SECRET).toString('base64'));
      expect(logged).toContain('[lockstep] settings: ana stored the credential "prom-token"');
    });

    it('an export imports elsewhere with its credential names kept, asking for the secrets once', async () => {
      await value('saveSource', { source: prom(prometheus.url, { auth: { type: 'bearer', credential: 'prom-token' } }) });
      const exported = await value<{ text: string }>('exportSourceSettings', {});
      await value('removeSource', { id: 'prom' });
      const imported = await value<{ sentence: string; added: string[]; unchanged: string[]; credentialsToSet: string[] }>('importSourceSettings', { text: exported.text });
      expect(imported).toMatchObject({ added: ['prom'], unchanged: ['am'], credentialsToSet: ['prom-token'] });
      expect(imported.sentence).toBe('Imported: added prom; 1 already as in the file. Set the secret for prom-token to let them sign in.');
      const notJson = await call('importSourceSettings', { text: 'sources: []' });
      expect(notJson.ok ? '' : notJson.error.message).toMatch(/^The file is not JSON \(.*\), so nothing was imported\.$/);
      await value('removeSource', { id: 'prom' });
    });
  });

  it('a viewer (a wall screen) is refused every settings request, reading included', async () => {
    const viewer = { name: 'wall', role: 'viewer' as const };
    for (const [method, request] of [
      ['listSourceSettings', {}],
      ['saveSource', { source: prom(prometheus.url) }],
      ['removeSource', { id: 'am' }],
      ['testSource', { source: prom(prometheus.url) }],
      ['setCredential', { name: 'x', secret: 'y' }],
      ['deleteCredential', { name: 'x' }],
      ['exportSourceSettings', {}],
      ['importSourceSettings', { text: '{}' }],
    ] as const) {
      const reply = await call(method, request, viewer);
      expect(reply, method).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });
});
