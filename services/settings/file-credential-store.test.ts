import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileCredentialStore, openFileCredentialStore } from './file-credential-store';

const SECRET = 'glsa_super_secret_token_value';
const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('FileCredentialStore (the web host)', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lockstep-creds-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('creates nothing until a credential is stored', async () => {
    const store = openFileCredentialStore(dataDir);
    expect(await store.get('prom')).toBeUndefined();
    expect(await store.names()).toEqual([]);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('keeps only ciphertext, in 0600 files in a 0700 folder, and reads the secret back', async () => {
    const store = openFileCredentialStore(dataDir);
    await store.set('prom-token', SECRET);
    const dir = join(dataDir, 'credentials');
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(join(dir, 'credentials.json'))).toBe(0o600);
    expect(await mode(join(dir, 'credentials.key'))).toBe(0o600);
    const onDisk = (await readFile(join(dir, 'credentials.json'), 'utf8')) + (await readFile(join(dir, 'credentials.key'), 'utf8'));
    expect(onDisk).not.toContain(SECRET);
    expect(onDisk).not.toContain(Buffer.from(SECRET).toString('base64'));

    // Another process (the CLI stored it; the web host reads it) sees the same.
    expect(await openFileCredentialStore(dataDir).get('prom-token')).toBe(SECRET);
    await store.set('am', 'second');
    expect(await store.names()).toEqual(['am', 'prom-token']);
    expect(await store.delete('am')).toBe(true);
    expect(await store.delete('am')).toBe(false);
    expect(await store.names()).toEqual(['prom-token']);
  });

  it('encrypts the same secret differently each time (a fresh nonce per entry)', async () => {
    const store = openFileCredentialStore(dataDir);
    await store.set('a', SECRET);
    await store.set('b', SECRET);
    const { credentials } = JSON.parse(await readFile(join(dataDir, 'credentials', 'credentials.json'), 'utf8'));
    expect(credentials.a.data).not.toBe(credentials.b.data);
    expect(credentials.a.iv).not.toBe(credentials.b.iv);
  });

  it('cannot be read without its key, nor with entries swapped between names', async () => {
    const store = openFileCredentialStore(dataDir);
    await store.set('a', 'alpha');
    await store.set('b', 'bravo');
    const file = join(dataDir, 'credentials', 'credentials.json');
    const document = JSON.parse(await readFile(file, 'utf8'));
    [document.credentials.a, document.credentials.b] = [document.credentials.b, document.credentials.a];
    await writeFile(file, JSON.stringify(document));
    await expect(store.get('a')).rejects.toThrow(/"a" cannot be decrypted.*store it again with npm run credentials -- set a/);

    await rm(join(dataDir, 'credentials', 'credentials.key'));
    await expect(store.get('b')).rejects.toThrow(/key file .* is missing/);
  });

  it('refuses to read with another key file (a copied credentials file meets the wrong key), and says so plainly', async () => {
    const store = openFileCredentialStore(dataDir);
    await store.set('prom-token', SECRET);
    const keyPath = join(dataDir, 'credentials', 'credentials.key');
    const original = await readFile(keyPath, 'utf8');
    // Another install's key: valid, 32 bytes, just not this file's.
    await writeFile(keyPath, `${Buffer.alloc(32, 7).toString('base64')}\n`);
    await expect(store.get('prom-token')).rejects.toThrow(`the stored credential "prom-token" cannot be decrypted (damaged, or ${keyPath} was replaced); store it again with npm run credentials -- set prom-token`);
    await writeFile(keyPath, original);
    expect(await store.get('prom-token')).toBe(SECRET);
    await writeFile(keyPath, 'not a key\n');
    await expect(store.get('prom-token')).rejects.toThrow(`${keyPath} is not a Lockstep key (expected 32 bytes in base64)`);
  });

  it('says what the key file protects against, and what it does not', async () => {
    const protection = await openFileCredentialStore(dataDir).protection();
    expect(protection.kind).toBe('key-file');
    expect(protection.canStore).toBe(true);
    expect(protection.sentence).toContain('protects a copied or backed-up credentials file without its key file');
    expect(protection.sentence).toContain('does not protect against anyone who can read both files: this user account, or root');
  });

  it('finds only names that were stored ("constructor" is a name like any other)', async () => {
    const store = openFileCredentialStore(dataDir);
    await store.set('x', 'y');
    expect(await store.get('constructor')).toBeUndefined();
    expect(await store.delete('toString')).toBe(false);
  });

  it('refuses names and secrets that cannot be used', async () => {
    const store = new FileCredentialStore(join(dataDir, 'c'));
    await expect(store.set('../etc', 'x')).rejects.toThrow(/credential names/);
    await expect(store.set('ok', '')).rejects.toThrow(/empty/);
    await expect(store.set('ok', 'a\nb')).rejects.toThrow(/line break/);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('moves a damaged file aside instead of failing or wiping it', async () => {
    const warnings: string[] = [];
    const store = openFileCredentialStore(dataDir, (m) => warnings.push(m));
    await store.set('a', 'alpha');
    await writeFile(join(dataDir, 'credentials', 'credentials.json'), '{ oops');
    expect(await store.get('a')).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/moved to .*credentials\.json\.corrupt-/);
    expect((await readdir(join(dataDir, 'credentials'))).some((f) => f.startsWith('credentials.json.corrupt-'))).toBe(true);
  });
});
