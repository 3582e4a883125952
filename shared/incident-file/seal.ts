import { gzipSync, strToU8 } from 'fflate';
import type { IncidentBundle } from '../api/bundle';
import { encodeBase64 } from '../text/base64';
import { canonicalJson } from './canonical';
import { INCIDENT_FILE_FORMAT, INCIDENT_FILE_VERSION, type Manifest } from './envelope';
import { MODEL_VERSIONS } from './models';
import { splitBundle } from './parts';
import { sha256Hex } from './web-crypto';

/** Signs with this install's key (services/signing/): raw 32-byte public key, Ed25519 over the given bytes. */
export interface IncidentFileSigner {
  publicKey: Uint8Array;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export interface SealOptions {
  /** package.json's version of the Lockstep that exports. */
  appVersion: string;
  /** Absent: the file is written unsigned and opens with a "not verified" banner everywhere. */
  signer?: IncidentFileSigner;
  /** A faster gzip where the host has one (services/export/seal-export.ts passes Node's zlib); fflate otherwise. */
  gzip?: (raw: Uint8Array) => Uint8Array;
}

/** Seals a bundle into the file format described in shared/incident-file/envelope.ts; returns the file's bytes. */
export async function sealIncidentFile(bundle: IncidentBundle, options: SealOptions): Promise<Uint8Array> {
  const manifestParts: Manifest['parts'] = {};
  const encoded: Record<string, { encoding: 'gzip+base64' | 'json+base64'; data: string }> = {};
  for (const [name, fields] of Object.entries(splitBundle(bundle))) {
    const raw = strToU8(JSON.stringify(fields));
    // mtime 0 keeps the same bundle sealing to the same bytes; compressed only when it is smaller.
    const gzipped = options.gzip ? options.gzip(raw) : gzipSync(raw, { level: 6, mtime: 0 });
    const smaller = gzipped.length < raw.length;
    manifestParts[name] = { sha256: await sha256Hex(raw), bytes: raw.length };
    encoded[name] = { encoding: smaller ? 'gzip+base64' : 'json+base64', data: encodeBase64(smaller ? gzipped : raw) };
  }
  const unsealed: Omit<Manifest, 'sha256'> = {
    formatVersion: INCIDENT_FILE_VERSION,
    app: { name: 'Lockstep', version: options.appVersion },
    models: { ...MODEL_VERSIONS },
    exportedBy: bundle.exportedBy,
    exportedAt: bundle.exportedAt,
    window: bundle.window,
    incident: { id: bundle.incident.id, title: bundle.incident.title },
    parts: manifestParts,
  };
  const manifest: Manifest = { ...unsealed, sha256: await manifestDigest(unsealed) };
  let signature: string | undefined;
  if (options.signer) {
    const value = await options.signer.sign(strToU8(canonicalJson(manifest)));
    signature = JSON.stringify({ alg: 'Ed25519', publicKey: encodeBase64(options.signer.publicKey), value: encodeBase64(value) });
  }
  const rest = strToU8(
    `,"manifest":${JSON.stringify(manifest)},"parts":${JSON.stringify(encoded)}${signature ? `,"signature":${signature}` : ''}}`,
  );
  return withLengthHeader(rest);
}

/** The whole-manifest hash: SHA-256 of the canonical manifest without its own `sha256` field. */
export async function manifestDigest(manifest: Readonly<Record<string, unknown>>): Promise<string> {
  const { sha256: _ignored, ...rest } = manifest;
  return sha256Hex(strToU8(canonicalJson(rest)));
}

/** Prepends `{"format":…,"version":…,"bytes":N` where N is the length of the whole file, this header included. */
export function withLengthHeader(rest: Uint8Array): Uint8Array {
  const head = `{"format":"${INCIDENT_FILE_FORMAT}","version":${INCIDENT_FILE_VERSION},"bytes":`;
  let total = head.length + rest.length;
  // The number's own digits count too; a second pass settles it when they tip it over a power of ten.
  for (let i = 0; i < 3; i += 1) total = head.length + String(total).length + rest.length;
  const headBytes = strToU8(`${head}${total}`);
  const out = new Uint8Array(headBytes.length + rest.length);
  out.set(headBytes, 0);
  out.set(rest, headBytes.length);
  return out;
}
