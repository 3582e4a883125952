import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIncidentFile } from '../../shared/incident-file/read';
import { verifyEd25519 } from '../../shared/incident-file/web-crypto';
import { sealExport } from '../export/seal-export';
import { InstallSigningKey } from './install-key';

const dir = () => mkdtempSync(join(tmpdir(), 'lockstep-key-'));
const bundleFile = new URL('../../shared/testdata/incident-file/format0-4c4459b.lockstep.json', import.meta.url);

describe('InstallSigningKey', () => {
  it('makes the key pair once, owner-only, and signs what WebCrypto verifies with the same public key after a restart', async () => {
    const path = join(dir(), 'signing-key.json');
    const key = new InstallSigningKey(path, () => 42);
    const publicKey = await key.publicKeyBase64();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ alg: 'Ed25519', publicKey, createdAt: 42 });

    const again = new InstallSigningKey(path);
    expect(await again.publicKeyBase64()).toBe(publicKey);
    expect(await again.fingerprint()).toMatch(/^[0-9a-f]{4}(:[0-9a-f]{4}){3}$/);
    const data = new TextEncoder().encode('manifest');
    const signature = await (await again.signer()).sign(data);
    expect(await verifyEd25519(new Uint8Array(Buffer.from(publicKey, 'base64')), signature, data)).toBe(true);
    expect(await verifyEd25519(new Uint8Array(Buffer.from(publicKey, 'base64')), signature, new TextEncoder().encode('manifesT'))).toBe(false);
  });

  it('refuses to replace a damaged key file silently', async () => {
    const path = join(dir(), 'signing-key.json');
    writeFileSync(path, '{"alg":"RSA"}');
    await expect(new InstallSigningKey(path).publicKeyBase64()).rejects.toThrow(`The signing key in the owner-only file ${path} cannot be read`);
    expect(readFileSync(path, 'utf8')).toBe('{"alg":"RSA"}');
  });

  it('asks its store again after a refusal, and says on export why the file could not be signed', async () => {
    let refuse = true;
    let stored: string | undefined;
    const store = {
      where: 'a test store',
      read: async () => {
        if (refuse) throw new Error('Lockstep will not keep its signing key unencrypted: no keyring.');
        return stored;
      },
      write: async (text: string) => {
        stored = text;
      },
    };
    const key = new InstallSigningKey(store, () => 7);
    expect(key.selfAsTrustedSigner()).toEqual([]);
    const format0 = await readIncidentFile('old', readFileSync(bundleFile), { trustedKeys: [] });
    if (!format0.ok) throw new Error(format0.problem);
    await expect(sealExport({ fileName: 'x.lockstep.json', bundle: format0.bundle }, { signingKey: key, appVersion: '1' })).rejects.toMatchObject({
      code: 'unavailable',
      message: 'The incident file was not saved because it could not be signed: Lockstep will not keep its signing key unencrypted: no keyring.',
    });
    refuse = false;
    const publicKey = await key.publicKeyBase64();
    expect(JSON.parse(stored!)).toMatchObject({ alg: 'Ed25519', publicKey, createdAt: 7 });
    expect(key.selfAsTrustedSigner()).toEqual([{ name: 'this console', publicKey }]);
  });
});

describe('sealExport', () => {
  it('returns a .lockstep file that opens verified with this install’s key and carries the same bundle', async () => {
    const key = new InstallSigningKey(join(dir(), 'signing-key.json'));
    const format0 = await readIncidentFile('old', readFileSync(bundleFile), { trustedKeys: [] });
    if (!format0.ok) throw new Error(format0.problem);
    const sealed = await sealExport({ fileName: 'incident-2026-lock-service.lockstep.json', bundle: format0.bundle }, { signingKey: key, appVersion: '9.9.9' });
    expect(sealed.fileName).toBe('incident-2026-lock-service.lockstep');
    const bytes = new Uint8Array(Buffer.from(sealed.file, 'base64'));
    expect(bytes.length).toBe(sealed.bytes);
    const opened = await readIncidentFile(sealed.fileName, bytes, { trustedKeys: [await key.publicKeyBase64()] });
    expect(opened.ok && opened.verification).toEqual({
      state: 'verified',
      exportedBy: 'ana',
      signedAt: format0.bundle.exportedAt,
      fingerprint: await key.fingerprint(),
      publicKey: await key.publicKeyBase64(),
      appVersion: '9.9.9',
    });
    expect(opened.ok && opened.bundle).toEqual(format0.bundle);
  });
});
