import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../../testing/test-pki';
import { SourceConfigSchema } from '../config/sources';
import { classifySourceError } from './classify-error';
import { AnyJson, failureOf, fakeLookup, promConfig, sendJson, startServer, type TestServer, Transports, whileHealthyPolls } from './testdata/transport-kit';
import { loadTls } from './tls-files';

/**
 * TLS against local HTTPS servers with certificates this test makes (testing/test-pki.ts):
 * a CA the console does not know, a name the certificate does not hold, an expired
 * certificate, a server that wants a client certificate — each told in one sentence that
 * names the certificate and the setting to change.
 */

let pki: TestPki;
let tlsServer: TestServer;
let expiredServer: TestServer;
let mtlsServer: TestServer;
let healthyServer: TestServer;
const transports = new Transports();
// prom.example and wrong.example both live on loopback; the names are what the certificate is checked against.
const lookup = fakeLookup({ 'prom.example': '127.0.0.1', 'wrong.example': '127.0.0.1' });
const ok = (_req: unknown, res: Parameters<typeof sendJson>[0]) => sendJson(res, 200, { status: 'success' });

beforeAll(async () => {
  pki = makeTestPki();
  tlsServer = await startServer(ok, { cert: pki.server.cert, key: pki.server.key });
  expiredServer = await startServer(ok, { cert: pki.expired.cert, key: pki.expired.key });
  mtlsServer = await startServer(ok, { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true });
  healthyServer = await startServer(ok);
});
afterEach(() => transports.closeAll());
afterAll(async () => {
  await Promise.all([tlsServer, expiredServer, mtlsServer, healthyServer].map((s) => s?.close()));
  pki?.remove();
});

const at = (server: TestServer, host = 'prom.example') => `https://${host}:${server.port}`;

async function failure(url: string, extra: Record<string, unknown> = {}) {
  const { http } = transports.make(promConfig(url, extra), { lookup });
  const healthy = transports.make(promConfig(healthyServer.url, { id: 'healthy', name: 'Healthy' })).http;
  const meanwhile = await whileHealthyPolls(healthy, `${healthyServer.url}/ok`, http.json(`${url}/api/v1/query`, AnyJson));
  expect(meanwhile.answers).toBeGreaterThanOrEqual(1);
  expect(meanwhile.slowestMs).toBeLessThan(500);
  return failureOf(meanwhile.outcome.status === 'rejected' ? Promise.reject(meanwhile.outcome.reason) : Promise.resolve(meanwhile.outcome.value));
}

describe('TLS', () => {
  it('a certificate from a CA the console does not know: names the issuer and the setting', async () => {
    const error = await failure(at(tlsServer));
    expect(error.message).toBe("the TLS certificate of prom.example (issued by 'Test CA') is not trusted: add its CA with tls.caFile");
    expect(error.kind).toBe('rejected');
    expect(classifySourceError(error).kind).toBe('tls_untrusted');
  });

  it('the CA file makes it trusted, beside the usual roots', async () => {
    const { http } = transports.make(promConfig(at(tlsServer), { tls: { caFile: pki.ca.certFile } }), { lookup });
    expect(await http.json(`${at(tlsServer)}/api/v1/query`, AnyJson)).toEqual({ status: 'success' });
    const added = loadTls({ caFile: pki.ca.certFile });
    const only = loadTls({ caFile: pki.ca.certFile, systemRoots: false });
    expect(only.connect.ca).toEqual([pki.ca.cert.trim()]);
    expect(added.connect.ca!.length).toBeGreaterThan(50);
    expect(added.connect.ca!.at(-1)).toBe(pki.ca.cert.trim());
  });

  it('a CA file that does not hold the issuer says to put it there', async () => {
    const error = await failure(at(tlsServer), { tls: { caFile: pki.stranger.certFile } });
    expect(error.message).toBe(`the TLS certificate of prom.example (issued by 'Test CA') is not trusted: put the CA that issued it in ${pki.stranger.certFile} (tls.caFile)`);
  });

  it('a name the certificate does not hold', async () => {
    const error = await failure(at(tlsServer, 'wrong.example'), { tls: { caFile: pki.ca.certFile } });
    expect(error.message).toBe('the TLS certificate of wrong.example is for prom.example, localhost, 127.0.0.1, not wrong.example: use one of those names in the URL, or set tls.serverName');
    expect(error.problem).toBe('tls_hostname');
    const { http } = transports.make(promConfig(at(tlsServer, 'wrong.example'), { tls: { caFile: pki.ca.certFile, serverName: 'prom.example' } }), { lookup });
    expect(await http.json(`${at(tlsServer, 'wrong.example')}/api/v1/query`, AnyJson)).toEqual({ status: 'success' });
  });

  it('an expired certificate, with the date it expired', async () => {
    const expiredOn = new X509Certificate(pki.expired.cert).validToDate.toISOString().slice(0, 16).replace('T', ' ');
    const error = await failure(at(expiredServer), { tls: { caFile: pki.ca.certFile } });
    expect(error.message).toBe(`the TLS certificate of prom.example expired on ${expiredOn} UTC: the server needs a renewed certificate`);
    expect(error.problem).toBe('tls_expired');
  });

  it('mTLS: a server that wants a client certificate, one it does not trust, and one it does', async () => {
    const missing = await failure(at(mtlsServer), { tls: { caFile: pki.ca.certFile } });
    expect(missing.message).toBe('prom.example requires a client certificate: set tls.certFile and tls.keyFile on this source');
    expect(missing.problem).toBe('tls_client_cert_required');

    const stranger = await failure(at(mtlsServer), { tls: { caFile: pki.ca.certFile, certFile: pki.stranger.certFile, keyFile: pki.stranger.keyFile } });
    // Node's server checks a client certificate after the handshake and closes without an alert (servers that send one, like Go's, are worded from the alert).
    expect(stranger.message).toBe(
      `prom.example:${mtlsServer.port} closed the connection right after the TLS handshake, before answering — it most likely does not accept Lockstep's client certificate (CN=stranger): check that tls.certFile is issued by a CA it trusts and still valid`,
    );
    expect(stranger.problem).toBe('tls_client_cert_rejected');

    const { http } = transports.make(promConfig(at(mtlsServer), { tls: { caFile: pki.ca.certFile, certFile: pki.client.certFile, keyFile: pki.client.keyFile } }), { lookup });
    expect(await http.json(`${at(mtlsServer)}/api/v1/query`, AnyJson)).toEqual({ status: 'success' });
  });

  it('https:// to a plain HTTP port', async () => {
    const url = `https://127.0.0.1:${healthyServer.port}`;
    const error = await failure(url);
    expect(error.message).toBe(`127.0.0.1:${healthyServer.port} does not speak TLS — if it serves plain HTTP, write the URL with http://`);
  });

  it('skip-verify accepts the certificate and carries a warning for as long as it is set', async () => {
    const { http, transport } = transports.make(promConfig(at(tlsServer), { tls: { insecureSkipVerify: true } }), { lookup });
    expect(await http.json(`${at(tlsServer)}/api/v1/query`, AnyJson)).toEqual({ status: 'success' });
    expect(transport.warning).toBe('TLS verification is OFF for Test Prometheus: anyone on the path can read and change its answers');
    expect(transports.logs).toContain('TLS verification is OFF for Test Prometheus: anyone on the path can read and change its answers');
  });
});

describe('TLS files are read once, at start, and their problems said for people', () => {
  it('a CA file that cannot be read fails that source’s requests with the path and why', async () => {
    const error = await failure(at(tlsServer), { tls: { caFile: '/nonexistent/ca.pem' } });
    expect(error.message).toBe('Test Prometheus cannot be used: the CA file /nonexistent/ca.pem cannot be read: there is no such file');
    expect(error.problem).toBe('setup');
    expect(transports.logs).toContain(error.message);
  });

  it('a file that is not PEM, a key of another certificate, and a half-given client certificate', () => {
    const notPem = join(pki.dir, 'not-a-cert.pem');
    writeFileSync(notPem, 'hello\n');
    expect(() => loadTls({ caFile: notPem })).toThrow(`the CA file ${notPem} holds no certificate: it must be PEM text with -----BEGIN CERTIFICATE----- blocks`);
    expect(() => loadTls({ certFile: pki.client.certFile, keyFile: pki.stranger.keyFile })).toThrow(
      `the client key ${pki.stranger.keyFile} does not belong to the certificate ${pki.client.certFile} (CN=lockstep-client): give the key it was issued for`,
    );
    const parsed = SourceConfigSchema.safeParse({ kind: 'prometheus', id: 'p', name: 'P', url: 'https://p', tls: { certFile: pki.client.certFile } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('a client certificate needs both certFile and keyFile');
    const relative = SourceConfigSchema.safeParse({ kind: 'prometheus', id: 'p', name: 'P', url: 'https://p', tls: { caFile: 'ca.pem' } });
    expect(relative.error?.issues[0]?.message).toBe('an absolute path (the file is read once, when Lockstep starts)');
  });
});
