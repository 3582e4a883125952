import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, resolveAppConfig } from './app-config';

describe('resolveAppConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-config-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const stack = {
    mode: 'stack',
    sources: [{ kind: 'prometheus', id: 'prom', name: 'Prometheus', url: 'http://127.0.0.1:9090' }],
  };

  it('runs the embedded demo fleet when nothing is configured', async () => {
    const choice = await resolveAppConfig({}, undefined);
    expect(choice.config).toEqual(DEMO_CONFIG);
    expect(DEMO_CONFIG.sources[0]).toMatchObject({ kind: 'demo', id: 'demo', name: 'Demo fleet' });
  });

  it('prefers LOCKSTEP_CONFIG over the saved setting', async () => {
    const fromEnv = join(dir, 'env.json');
    await writeFile(fromEnv, JSON.stringify(stack));
    const choice = await resolveAppConfig({ LOCKSTEP_CONFIG: fromEnv }, join(dir, 'missing.json'));
    expect(choice.config.mode).toBe('stack');
    expect(choice.config.sources[0]).toMatchObject({ kind: 'prometheus', timeoutMs: 10_000 });
    expect(choice.origin).toContain('LOCKSTEP_CONFIG');
  });

  it('applies the environment’s overrides (LOCKSTEP_SOURCE_<ID>_URL, …) and tolerates $schema, as the web host does', async () => {
    const withSchema = join(dir, 'with-schema.json');
    await writeFile(withSchema, JSON.stringify({ $schema: './lockstep.config.schema.json', ...stack }));
    const choice = await resolveAppConfig({ LOCKSTEP_CONFIG: withSchema, LOCKSTEP_SOURCE_PROM_URL: 'http://prom.example:9090', LOCKSTEP_ALERT_POLL_SECONDS: '2' }, undefined);
    expect(choice.config.sources[0]).toMatchObject({ id: 'prom', url: 'http://prom.example:9090' });
    expect(choice.config.alertPollSeconds).toBe(2);
    expect(choice.environment.map((o) => o.variable)).toEqual(['LOCKSTEP_ALERT_POLL_SECONDS', 'LOCKSTEP_SOURCE_PROM_URL']);
    await expect(resolveAppConfig({ LOCKSTEP_CONFIG: withSchema, LOCKSTEP_SOURCE_PRON_URL: 'http://x:9090' }, undefined)).rejects.toThrow(/LOCKSTEP_SOURCE_PRON_URL names a source "pron" that the config does not have \(it has prom\)/);
  });

  it('fails loudly, never falling back to demo data, for a broken file', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ mode: 'stack', sources: [{ kind: 'prometheus', id: 'p', name: 'P', url: 'ftp://x' }] }));
    await expect(resolveAppConfig({}, bad)).rejects.toThrow(/bad\.json \(from settings\) is not valid:[\s\S]*http and https/);
    const garbled = join(dir, 'garbled.json');
    await writeFile(garbled, '{ nope');
    await expect(resolveAppConfig({ LOCKSTEP_CONFIG: garbled }, undefined)).rejects.toThrow(/not valid JSON/);
    await expect(resolveAppConfig({ LOCKSTEP_CONFIG: join(dir, 'absent.json') }, undefined)).rejects.toThrow(/Could not read/);
  });
});
