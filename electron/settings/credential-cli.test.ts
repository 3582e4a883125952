import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CredentialStore } from '../../services/settings/credentials';
import { credentialToStore, readAll, storeCredentialFromStdin } from './credential-cli';

function fakeStore(fail?: Error): CredentialStore & { saved: Map<string, string> } {
  const saved = new Map<string, string>();
  return {
    saved,
    get: async (name) => saved.get(name),
    set: async (name, secret) => {
      if (fail) throw fail;
      saved.set(name, secret);
    },
    delete: async (name) => saved.delete(name),
    names: async () => [...saved.keys()],
    howToAdd: (name) => `lockstep --store-credential ${name}`,
  };
}

describe('lockstep --store-credential NAME', () => {
  it('finds the name in either spelling, and only when asked', () => {
    expect(credentialToStore(['/opt/Lockstep/lockstep', '--store-credential', 'prom-token'])).toBe('prom-token');
    expect(credentialToStore(['lockstep', '--store-credential=prom-token'])).toBe('prom-token');
    expect(credentialToStore(['lockstep', '--store-credential'])).toBe('');
    expect(credentialToStore(['lockstep', '.'])).toBeUndefined();
  });

  it('stores the secret from standard input without its trailing newline', async () => {
    const store = fakeStore();
    const lines: string[] = [];
    const code = await storeCredentialFromStdin('prom-token', () => readAll(Readable.from([Buffer.from('s3cr'), Buffer.from('et\n')])), store, (l) => lines.push(l));
    expect(code).toBe(0);
    expect(store.saved.get('prom-token')).toBe('s3cret');
    expect(lines.join('\n')).not.toContain('s3cret');
    expect(lines[0]).toMatch(/^Stored the credential "prom-token"/);
  });

  it('exits 1 with the reason when the store refuses, naming the first problem only', async () => {
    const lines: string[] = [];
    const refused = Object.assign(new Error('[{"message":"…"}]'), { issues: [{ message: 'the secret is empty' }] });
    expect(await storeCredentialFromStdin('x', async () => '\n', fakeStore(refused), (l) => lines.push(l))).toBe(1);
    expect(lines).toEqual(['Lockstep could not store the credential "x": the secret is empty']);
  });

  it('refuses a standard input far larger than any secret', async () => {
    await expect(readAll(Readable.from([Buffer.alloc(70 * 1024)]))).rejects.toThrow(/more than 64 KB/);
  });
});
