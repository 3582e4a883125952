import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InstallSigningKey } from '../../services/signing/install-key';
import { SafeStorageSigningKeyStore } from './signing-key-store';
import { fakeSafeStorage } from './testdata/fake-safe-storage';

const dataDir = () => mkdtempSync(join(tmpdir(), 'lockstep-desk-key-'));

describe('SafeStorageSigningKeyStore', () => {
  it('makes the key encrypted, owner-only, with no plain copy, and reads the same key after a restart', async () => {
    const dir = dataDir();
    const safe = fakeSafeStorage();
    const key = new InstallSigningKey(new SafeStorageSigningKeyStore(safe.storage, dir, 'linux'), () => 5);
    const publicKey = await key.publicKeyBase64();
    const encPath = join(dir, 'signing-key.enc');
    expect(statSync(encPath).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, 'signing-key.json'))).toBe(false);
    const privateKey = JSON.parse(safe.encrypted[0]!).privateKey as string;
    expect(JSON.parse(safe.encrypted[0]!)).toMatchObject({ alg: 'Ed25519', publicKey, createdAt: 5 });
    expect(readFileSync(encPath, 'utf8')).not.toContain(privateKey.slice(0, 20));
    expect(readFileSync(encPath, 'utf8')).not.toContain(publicKey);

    const again = new InstallSigningKey(new SafeStorageSigningKeyStore(safe.storage, dir, 'linux'));
    expect(await again.publicKeyBase64()).toBe(publicKey);
    expect(safe.encrypted).toHaveLength(1);
  });

  it('moves a plain key file from an earlier version in on first run: same key, plain file gone, encrypted once', async () => {
    const dir = dataDir();
    const plainPath = join(dir, 'signing-key.json');
    const before = await new InstallSigningKey(plainPath).publicKeyBase64();
    const plainText = readFileSync(plainPath, 'utf8');
    const safe = fakeSafeStorage();
    const desk = new InstallSigningKey(new SafeStorageSigningKeyStore(safe.storage, dir, 'darwin'));
    expect(await desk.publicKeyBase64()).toBe(before);
    expect(existsSync(plainPath)).toBe(false);
    expect(safe.encrypted).toEqual([plainText]);
    expect(await new InstallSigningKey(new SafeStorageSigningKeyStore(safe.storage, dir, 'darwin')).publicKeyBase64()).toBe(before);
    expect(safe.encrypted).toHaveLength(1);
  });

  it('finishes a migration cut short: the plain copy of the same key is removed', async () => {
    const dir = dataDir();
    const safe = fakeSafeStorage();
    const publicKey = await new InstallSigningKey(new SafeStorageSigningKeyStore(safe.storage, dir, 'linux')).publicKeyBase64();
    writeFileSync(join(dir, 'signing-key.json'), safe.encrypted[0]!);
    expect(await new InstallSigningKey(new SafeStorageSigningKeyStore(safe.storage, dir, 'linux')).publicKeyBase64()).toBe(publicKey);
    expect(existsSync(join(dir, 'signing-key.json'))).toBe(false);
  });

  it('refuses, as the credentials do, when the OS has no encryption key or Linux has no keyring, and leaves a plain key untouched', async () => {
    const dir = dataDir();
    const plainPath = join(dir, 'signing-key.json');
    await new InstallSigningKey(plainPath).publicKeyBase64();
    const plainText = readFileSync(plainPath, 'utf8');
    const none = new InstallSigningKey(new SafeStorageSigningKeyStore(fakeSafeStorage({ available: false }).storage, dir, 'win32'));
    await expect(none.publicKeyBase64()).rejects.toThrow(
      `Lockstep will not keep its signing key unencrypted: the operating system offers no encryption key to this app. Incident files cannot be signed, so exporting is refused; unlock or install your system keyring (GNOME Keyring / KWallet on Linux) and export again. The existing key stays unread in ${plainPath} until then.`,
    );
    const basic = fakeSafeStorage({ backend: 'basic_text' });
    await expect(new InstallSigningKey(new SafeStorageSigningKeyStore(basic.storage, dataDir(), 'linux')).publicKeyBase64()).rejects.toThrow(
      'Lockstep will not keep its signing key unencrypted: no system keyring was found, so the only key available is a fixed, public one. Incident files cannot be signed, so exporting is refused; unlock or install your system keyring (GNOME Keyring / KWallet on Linux) and export again.',
    );
    expect(basic.encrypted).toEqual([]);
    expect(readFileSync(plainPath, 'utf8')).toBe(plainText);
    expect(existsSync(join(dir, 'signing-key.enc'))).toBe(false);
  });

  it('says what to do when the encrypted key cannot be decrypted or is not ciphertext, and keeps it', async () => {
    const dir = dataDir();
    const encPath = join(dir, 'signing-key.enc');
    writeFileSync(encPath, `${Buffer.from('v9:not ours').toString('base64')}\n`);
    const store = new SafeStorageSigningKeyStore(fakeSafeStorage().storage, dir, 'linux');
    await expect(new InstallSigningKey(store).publicKeyBase64()).rejects.toThrow(
      `The signing key in ${encPath} cannot be decrypted (the system keyring changed?); move that file aside to make a new key, and give colleagues its public key again (files signed before will show an unknown signer).`,
    );
    writeFileSync(encPath, '{"alg":"Ed25519"}');
    await expect(new InstallSigningKey(store).publicKeyBase64()).rejects.toThrow(`The signing key in ${encPath} cannot be read (it is not base64 ciphertext); move that file aside to make a new key.`);
    expect(readFileSync(encPath, 'utf8')).toBe('{"alg":"Ed25519"}');
  });

  it('encrypts again under the keyring’s new key when safeStorage asks to', async () => {
    const dir = dataDir();
    const first = fakeSafeStorage();
    const publicKey = await new InstallSigningKey(new SafeStorageSigningKeyStore(first.storage, dir, 'linux')).publicKeyBase64();
    const rotated = fakeSafeStorage({ rotate: true });
    expect(await new InstallSigningKey(new SafeStorageSigningKeyStore(rotated.storage, dir, 'linux')).publicKeyBase64()).toBe(publicKey);
    expect(rotated.encrypted).toEqual(first.encrypted);
  });
});
