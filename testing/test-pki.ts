import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its key, as PEM text and as the files they were written to. */
export interface TestKeyPair {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

export interface TestPki {
  dir: string;
  /** "Test CA": signs the server and the client certificate. */
  ca: TestKeyPair;
  /** CN=prom.example, for prom.example, localhost and 127.0.0.1, issued by Test CA. */
  server: TestKeyPair;
  /** The same names, issued by Test CA, already expired. */
  expired: TestKeyPair;
  /** CN=lockstep-client, issued by Test CA: the client certificate for mTLS. */
  client: TestKeyPair;
  /** CN=stranger, issued by "Other CA", which no test server trusts. */
  stranger: TestKeyPair;
  remove(): void;
}

/**
 * A throwaway PKI made with `openssl` in a temporary folder for one test file: EC P-256
 * keys (fast to make), certificates valid for a day (the expired one for none). Nothing
 * here is committed; every run makes its own.
 */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-pki-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
  const keyFor = (name: string) => openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subjectOf(name));
  const subjects: Record<string, string> = {
    ca: '/CN=Test CA',
    other: '/CN=Other CA',
    server: '/CN=prom.example',
    expired: '/CN=prom.example',
    client: '/CN=lockstep-client',
    stranger: '/CN=stranger',
  };
  const subjectOf = (name: string) => subjects[name]!;

  for (const root of ['ca', 'other']) {
    openssl('req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${root}.key`, '-out', `${root}.pem`, '-days', '1', '-subj', subjectOf(root));
  }
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:prom.example,DNS:localhost,IP:127.0.0.1\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  const sign = (name: string, ca: string, days: string, ext: string) => {
    keyFor(name);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', days, '-extfile', ext);
  };
  sign('server', 'ca', '1', 'server.ext');
  // -days -1 puts notAfter a day before notBefore (now): a certificate that has already expired.
  sign('expired', 'ca', '-1', 'server.ext');
  sign('client', 'ca', '1', 'client.ext');
  sign('stranger', 'other', '1', 'client.ext');

  const pair = (name: string): TestKeyPair => {
    const certFile = join(dir, `${name}.pem`);
    const keyFile = join(dir, `${name}.key`);
    return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  };
  return {
    dir,
    ca: pair('ca'),
    server: pair('server'),
    expired: pair('expired'),
    client: pair('client'),
    stranger: pair('stranger'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
