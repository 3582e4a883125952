import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

/** A source's `tls` settings, as the config schema (services/config/sources.ts) checks them. */
export interface TlsSettings {
  caFile?: string;
  /** false: trust only `caFile`, not the machine's usual roots as well. */
  systemRoots?: boolean;
  certFile?: string;
  keyFile?: string;
  serverName?: string;
  insecureSkipVerify?: boolean;
}

/** What `tls.connect` is given for a source, read once when the source is made. */
export interface TlsSetup {
  connect: { ca?: string[]; cert?: string; key?: string; servername?: string };
  /** False only when the config turned verification off. */
  verify: boolean;
  /** The client certificate's subject ("CN=lockstep"), for the words when a server refuses it. */
  clientCertificate?: string;
  /** A CA file is configured: an untrusted server then needs its CA in that file, not added anew. */
  caFile?: string;
}

/** A TLS file or setting that cannot be used, in words for the person who set it. */
export class TlsSettingError extends Error {}

export type ReadFile = (path: string) => string;

const readUtf8: ReadFile = (path) => readFileSync(path, 'utf8');

/**
 * Reads and checks a source's CA, client certificate and key, so a wrong path or a key
 * that belongs to another certificate is said once, at start, naming the file — not as a
 * handshake failure on every request. A custom CA is added to the roots Node trusts by
 * default unless `systemRoots` is false.
 */
export function loadTls(settings: TlsSettings | undefined, read: ReadFile = readUtf8): TlsSetup {
  const connect: TlsSetup['connect'] = {};
  const setup: TlsSetup = { connect, verify: settings?.insecureSkipVerify !== true };
  if (!settings) return setup;
  if (settings.caFile) {
    const own = certificatesIn(readNamed(read, settings.caFile, 'CA file'), settings.caFile);
    connect.ca = settings.systemRoots === false ? own : [...defaultRoots(), ...own];
    setup.caFile = settings.caFile;
  }
  if (settings.certFile || settings.keyFile) {
    if (!settings.certFile || !settings.keyFile) {
      throw new TlsSettingError('a client certificate needs both tls.certFile and tls.keyFile');
    }
    const certPem = readNamed(read, settings.certFile, 'client certificate file');
    const keyPem = readNamed(read, settings.keyFile, 'client key file');
    const [first] = certificatesIn(certPem, settings.certFile, 'client certificate file');
    const certificate = new X509Certificate(first!);
    const key = privateKey(keyPem, settings.keyFile);
    if (!certificate.checkPrivateKey(key)) {
      throw new TlsSettingError(`the client key ${settings.keyFile} does not belong to the certificate ${settings.certFile} (${oneLine(certificate.subject)}): give the key it was issued for`);
    }
    connect.cert = certPem;
    connect.key = keyPem;
    setup.clientCertificate = oneLine(certificate.subject);
  }
  if (settings.serverName) connect.servername = settings.serverName;
  return setup;
}

/** The sentence a source with verification off carries in its status, for as long as it runs. */
export function tlsOffWarning(sourceName: string): string {
  return `TLS verification is OFF for ${sourceName}: anyone on the path can read and change its answers`;
}

function defaultRoots(): string[] {
  // Node ≥ 22.15 says which roots it really uses (NODE_EXTRA_CA_CERTS and --use-system-ca included).
  const withExtras = (tls as { getCACertificates?: (type: 'default') => string[] }).getCACertificates;
  return withExtras ? withExtras('default') : [...tls.rootCertificates];
}

function readNamed(read: ReadFile, path: string, what: string): string {
  try {
    return read(path);
  } catch (error) {
    throw new TlsSettingError(`the ${what} ${path} cannot be read: ${fileProblem(error)}`);
  }
}

function fileProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'there is no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (Lockstep runs as this user and must be able to read it)';
    case 'EISDIR':
      return 'it is a folder, not a file';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function certificatesIn(pem: string, path: string, what = 'CA file'): string[] {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    throw new TlsSettingError(`the ${what} ${path} holds no certificate: it must be PEM text with -----BEGIN CERTIFICATE----- blocks`);
  }
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new TlsSettingError(`certificate ${i + 1} in the ${what} ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return blocks;
}

function privateKey(pem: string, path: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MISSING_PASSPHRASE') {
      throw new TlsSettingError(`the client key ${path} is protected by a passphrase, which Lockstep cannot type: store it decrypted (openssl pkey -in ${path} -out NEW.key) in a file only you can read`);
    }
    throw new TlsSettingError(`the client key ${path} is not a PEM private key: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** X.509 names come as one "KEY=value" per line. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}
