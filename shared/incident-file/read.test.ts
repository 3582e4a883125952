import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IncidentBundle } from '../api/bundle';
import { decodeBase64, encodeBase64 } from '../text/base64';
import { readIncidentFile } from './read';
import { type IncidentFileSigner, manifestDigest, sealIncidentFile, withLengthHeader } from './seal';
import { sha256Hex } from './web-crypto';

const FORMAT0 = readFileSync(new URL('../testdata/incident-file/format0-4c4459b.lockstep.json', import.meta.url));
const HOSTILE = '</script><img src=x onerror="alert(1)">';

function newSigner(): IncidentFileSigner & { publicKeyBase64: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The raw key is the last 32 bytes of its SPKI DER encoding.
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
  return { publicKey: raw, publicKeyBase64: encodeBase64(raw), sign: async (data) => new Uint8Array(sign(null, data, privateKey)) };
}

// Forgeries edit the file's JSON freely, the way someone with a text editor would.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Envelope = { format: string; version: number; bytes: number; manifest: Json; parts: Record<string, { encoding: string; data: string }>; signature?: unknown };
const parse = (file: Uint8Array): Envelope => JSON.parse(strFromU8(file));
/** Writes an envelope back as the sealer would, the length header recomputed (what a forger would do). */
const rebuild = (env: Envelope): Uint8Array => {
  const { format: _f, version: _v, bytes: _b, ...rest } = env;
  return withLengthHeader(strToU8(`,${JSON.stringify(rest).slice(1)}`));
};
/** Replaces a part's JSON and recomputes its hash, size and the manifest hash: a careful forgery. */
async function forgePart(env: Envelope, part: string, edit: (json: Json) => void): Promise<Envelope> {
  const json = JSON.parse(strFromU8(partBytes(env, part)));
  edit(json);
  const raw = strToU8(JSON.stringify(json));
  env.parts[part] = { encoding: 'json+base64', data: encodeBase64(raw) };
  env.manifest.parts[part] = { sha256: await sha256Hex(raw), bytes: raw.length };
  env.manifest.sha256 = await manifestDigest(env.manifest);
  return env;
}
function partBytes(env: Envelope, part: string): Uint8Array {
  const stored = env.parts[part]!;
  const bytes = decodeBase64(stored.data)!;
  return stored.encoding === 'gzip+base64' ? gunzipSync(bytes) : bytes;
}

let bundle: IncidentBundle;
let me: ReturnType<typeof newSigner>;
let sealed: Uint8Array;

beforeAll(async () => {
  const opened = await readIncidentFile('old.lockstep.json', FORMAT0, { trustedKeys: [] });
  if (!opened.ok) throw new Error(opened.problem);
  bundle = opened.bundle;
  me = newSigner();
  sealed = await sealIncidentFile(bundle, { appVersion: '0.1.0', signer: me });
});

describe('format 0 (the unsealed files of 4c4459b)', () => {
  it('opens as "format-0" with its exporter, and a hostile label stays text', async () => {
    const opened = await readIncidentFile('old.lockstep.json', strFromU8(FORMAT0), { trustedKeys: [] });
    expect(opened.ok && opened.verification).toEqual({ state: 'format-0', exportedBy: 'ana' });
    if (!opened.ok) return;
    expect(opened.bundle.incident.title).toBe('lock-service: ServiceErrorRateHigh');
    expect(opened.bundle.alerts[0]?.labels.note).toBe(HOSTILE);
    expect(Object.values(opened.bundle.panelData)[0]?.series[0]?.labels.label).toBe(HOSTILE);
  });

  it('refuses a truncated format-0 file and JSON that is not an export', async () => {
    expect(await readIncidentFile('old.json', FORMAT0.subarray(0, 3000), { trustedKeys: [] })).toEqual({
      ok: false,
      problem: 'old.json was not opened: the file ends early or is damaged (its JSON stops being valid before the end, at 0.0 MB).',
    });
    expect(await readIncidentFile('x.json', '{"format":"grafana"}', { trustedKeys: [] })).toEqual({
      ok: false,
      problem: 'x.json was not opened: this is not a Lockstep incident file: it has neither the sealed header nor the older "lockstep.incident" format.',
    });
    expect(await readIncidentFile('x.png', '\x89PNG', { trustedKeys: [] })).toEqual({ ok: false, problem: 'x.png was not opened: this is not a Lockstep incident file: it is not JSON.' });
  });
});

describe('sealed file', () => {
  it('round-trips the bundle exactly and is verified by a trusted key', async () => {
    const opened = await readIncidentFile('a.lockstep', sealed, { trustedKeys: [me.publicKeyBase64] });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.bundle).toEqual(bundle);
    expect(opened.verification.state).toBe('verified');
    expect(opened.verification.exportedBy).toBe('ana');
    expect(opened.verification.signedAt).toBe(bundle.exportedAt);
    expect(opened.verification.fingerprint).toMatch(/^[0-9a-f]{4}(:[0-9a-f]{4}){3}$/);
    expect(opened.bundle.alerts[0]?.labels.note).toBe(HOSTILE);
    // Nothing in the file is markup: the hostile label is inside base64, never raw in the file.
    expect(strFromU8(sealed)).not.toContain('<img');
  });

  it('seals the same bundle to the same bytes, compressing only parts that shrink', async () => {
    const again = await sealIncidentFile(bundle, { appVersion: '0.1.0', signer: me });
    expect(encodeBase64(again)).toBe(encodeBase64(sealed));
    const env = parse(sealed);
    expect(env.bytes).toBe(sealed.length);
    for (const [name, part] of Object.entries(env.parts)) {
      const raw = env.manifest.parts[name].bytes as number;
      const stored = decodeBase64(part.data)!.length;
      expect(part.encoding === 'gzip+base64' ? stored < raw : stored === raw).toBe(true);
    }
    expect(Object.keys(env.parts).sort()).toEqual(['alerts', 'dashboards', 'deployments', 'incident', 'logs', 'traces']);
  });

  it('says "unknown-signer" with the fingerprint for another install’s key, "unsigned" without a signature', async () => {
    const opened = await readIncidentFile('a.lockstep', sealed, { trustedKeys: [newSigner().publicKeyBase64] });
    expect(opened.ok && opened.verification.state).toBe('unknown-signer');
    const unsigned = await readIncidentFile('a.lockstep', await sealIncidentFile(bundle, { appVersion: '0.1.0' }), { trustedKeys: [me.publicKeyBase64] });
    expect(unsigned.ok && unsigned.verification).toEqual({ state: 'unsigned', exportedBy: 'ana', appVersion: '0.1.0' });
  });

  it.each(['incident', 'alerts', 'deployments', 'dashboards', 'logs', 'traces'])('refuses one changed byte in the part "%s", naming it', async (part) => {
    const env = parse(sealed);
    const data = env.parts[part]!.data;
    // A character in the middle of the part's base64, swapped for another valid one.
    const at = Math.floor(data.length / 2);
    env.parts[part]!.data = data.slice(0, at) + (data[at] === 'A' ? 'B' : 'A') + data.slice(at + 1);
    const opened = await readIncidentFile('a.lockstep', rebuild(env), { trustedKeys: [me.publicKeyBase64] });
    expect(opened.ok).toBe(false);
    expect(!opened.ok && opened.problem).toMatch(new RegExp(`^a\\.lockstep was not opened: the part "${part}" (does not match its SHA-256|is not valid gzip|inflates past the [\\d,]+ bytes its manifest declares|is [\\d,]+ bytes where)`));
  });

  it('names the SHA-256 check when a part’s content changes but its size does not', async () => {
    const env = parse(sealed);
    const json = JSON.parse(strFromU8(partBytes(env, 'incident')));
    json.incident.title = json.incident.title.replace('lock', 'LOCK');
    const raw = strToU8(JSON.stringify(json));
    env.parts.incident = { encoding: 'json+base64', data: encodeBase64(raw) };
    expect(await readIncidentFile('a.lockstep', rebuild(env), { trustedKeys: [] })).toEqual({
      ok: false,
      problem: 'a.lockstep was not opened: the part "incident" does not match its SHA-256, so the file was changed or damaged after export.',
    });
  });

  it('refuses a forgery with recomputed hashes that kept the signature; dropped or re-signed it opens not verified', async () => {
    const forged = await forgePart(parse(sealed), 'incident', (json) => {
      json.incident.title = 'Nothing happened';
    });
    expect(await readIncidentFile('a.lockstep', rebuild(forged), { trustedKeys: [me.publicKeyBase64] })).toEqual({
      ok: false,
      problem: 'a.lockstep was not opened: its signature does not match its manifest, so the file was changed after it was signed.',
    });
    delete forged.signature;
    const unsigned = await readIncidentFile('a.lockstep', rebuild(forged), { trustedKeys: [me.publicKeyBase64] });
    expect(unsigned.ok && [unsigned.verification.state, unsigned.bundle.incident.title]).toEqual(['unsigned', 'Nothing happened']);
    const mallory = newSigner();
    const { canonicalJson } = await import('./canonical');
    forged.signature = { alg: 'Ed25519', publicKey: mallory.publicKeyBase64, value: encodeBase64(await mallory.sign(strToU8(canonicalJson(forged.manifest)))) };
    const resigned = await readIncidentFile('a.lockstep', rebuild(forged), { trustedKeys: [me.publicKeyBase64] });
    expect(resigned.ok && resigned.verification.state).toBe('unknown-signer');
  });

  it('refuses a forged exportedBy in the manifest (its hash no longer matches)', async () => {
    const env = parse(sealed);
    env.manifest.exportedBy = 'the CTO';
    expect(await readIncidentFile('a.lockstep', rebuild(env), { trustedKeys: [] })).toEqual({
      ok: false,
      problem: 'a.lockstep was not opened: the manifest does not match its SHA-256, so the file was changed or damaged after export.',
    });
  });

  it('refuses a truncated file with how much of it arrived', async () => {
    const cut = sealed.subarray(0, Math.floor(sealed.length * 0.75));
    const env = parse(sealed);
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    expect(await readIncidentFile('a.lockstep', cut, { trustedKeys: [] })).toEqual({
      ok: false,
      problem: `a.lockstep was not opened: the file ends early (truncated at ${mb(cut.length)} of ${mb(env.bytes)}), so copy it again from where it was exported.`,
    });
  });

  it('refuses a 200 MB file before reading a single byte of it', async () => {
    // Not a real array: any access beyond `length` would throw, so this passes only if the size is checked first.
    const huge = new Proxy({ length: 200_000_000 }, { get: (t, k) => (k === 'length' ? t.length : (() => { throw new Error(`read ${String(k)}`); })()) });
    expect(await readIncidentFile('big.lockstep', huge as unknown as Uint8Array, { trustedKeys: [] })).toEqual({
      ok: false,
      problem: 'big.lockstep was not opened: the file is 200 MB and Lockstep opens incident files up to 100 MB, so check that it is an incident export.',
    });
  });

  it('refuses a compression bomb mid-inflate, and parts declaring more than 400 MB before inflating', async () => {
    const env = parse(sealed);
    const bomb = gzipSync(new Uint8Array(20_000_000));
    expect(bomb.length).toBeLessThan(100_000);
    env.parts.logs = { encoding: 'gzip+base64', data: encodeBase64(bomb) };
    env.manifest.parts.logs.bytes = 5000;
    env.manifest.sha256 = await manifestDigest(env.manifest);
    delete env.signature;
    expect(await readIncidentFile('a.lockstep', rebuild(env), { trustedKeys: [] })).toEqual({
      ok: false,
      problem: 'a.lockstep was not opened: the part "logs" inflates past the 5,000 bytes its manifest declares (a compression bomb or a damaged file).',
    });
    env.manifest.parts.logs.bytes = 500_000_000;
    env.manifest.sha256 = await manifestDigest(env.manifest);
    expect(await readIncidentFile('a.lockstep', rebuild(env), { trustedKeys: [] })).toEqual({
      ok: false,
      problem: 'a.lockstep was not opened: its parts would take 501 MB uncompressed and Lockstep opens incident files up to 400 MB.',
    });
  });

  it('says a newer file format or model needs a newer Lockstep', async () => {
    const newer = strToU8(strFromU8(sealed).replace('"version":1,', '"version":2,'));
    expect(await readIncidentFile('a.lockstep', newer, { trustedKeys: [] })).toEqual({
      ok: false,
      problem: 'a.lockstep was not opened: it was written by a newer Lockstep (incident file format 2; this version reads up to 1), so update Lockstep to open it.',
    });
    const env = parse(sealed);
    env.manifest.models.traces = 9;
    env.manifest.sha256 = await manifestDigest(env.manifest);
    expect(await readIncidentFile('a.lockstep', rebuild(env), { trustedKeys: [] })).toEqual({
      ok: false,
      problem: 'a.lockstep was not opened: its traces model is version 9 and this Lockstep reads up to version 1, so update Lockstep to open it.',
    });
  });

  it('refuses a part that validates as JSON but not as the model, naming the part', async () => {
    const env = await forgePart(parse(sealed), 'alerts', (json) => {
      json.alerts[0].severity = 'apocalyptic';
    });
    delete env.signature;
    const opened = await readIncidentFile('a.lockstep', rebuild(env), { trustedKeys: [] });
    expect(!opened.ok && opened.problem).toMatch(/^a\.lockstep was not opened: the part "alerts" does not match this Lockstep's model \(alerts\.0\.severity: /);
  });
});
