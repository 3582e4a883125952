import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// electron-store is conf plus Electron's paths; conf alone runs in plain Node with the same file handling.
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StoreOptions, openStore } from './open-store';
import { DEFAULT_SETTINGS, type RawStore, SettingsStore } from './settings';

const createConf = (o: StoreOptions): RawStore =>
  new Conf<Record<string, unknown>>({ configName: o.name, cwd: o.cwd, clearInvalidConfig: o.clearInvalidConfig });

describe('settings', () => {
  let dir: string;
  let warnings: string[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-settings-'));
    warnings = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const open = () => new SettingsStore(openStore(createConf, 'settings', dir, (m) => warnings.push(m), () => 123), (m) => warnings.push(m));

  it('starts from defaults and persists updates to disk', async () => {
    const settings = open();
    expect(settings.read()).toEqual(DEFAULT_SETTINGS);
    settings.update({ configPath: '/etc/lockstep/stack.json', startFullScreen: true });
    expect(open().read()).toMatchObject({ configPath: '/etc/lockstep/stack.json', startFullScreen: true });
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ startFullScreen: true });
    expect(warnings).toEqual([]);
  });

  it('falls back to defaults with a warning when a value has the wrong type', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ startFullScreen: 'yes please' }));
    expect(open().read()).toEqual(DEFAULT_SETTINGS);
    expect(warnings.join('\n')).toMatch(/invalid values[\s\S]*startFullScreen/);
  });

  it('moves a file that is not JSON aside instead of wiping it', async () => {
    await writeFile(join(dir, 'settings.json'), '{ "configPath": "/x", oops');
    const settings = open();
    expect(settings.read()).toEqual(DEFAULT_SETTINGS);
    expect(await readdir(dir)).toContain('settings.corrupt-123.json');
    expect(await readFile(join(dir, 'settings.corrupt-123.json'), 'utf8')).toContain('oops');
    expect(warnings.join('\n')).toContain('moved to');
  });

  it('refuses to save an invalid update', () => {
    const settings = open();
    expect(() => settings.update({ actorName: '' })).toThrow();
    expect(settings.read()).toEqual(DEFAULT_SETTINGS);
  });
});
