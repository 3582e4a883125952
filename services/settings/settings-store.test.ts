import { mkdtemp, readFile, rm, stat, writeFile, chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PrivateJsonFile } from './private-json-file';
import { SchemaSettingsStore } from './settings-store';

const WebSettingsLike = z.object({ wallRotateSeconds: z.number().int().min(5).default(60), lastTeam: z.string().optional() });

describe('SchemaSettingsStore on a PrivateJsonFile', () => {
  let dir: string;
  let warnings: string[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-settings-'));
    warnings = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const open = (folder = join(dir, 'state')) =>
    new SchemaSettingsStore(WebSettingsLike, new PrivateJsonFile(join(folder, 'settings.json'), (m) => warnings.push(m), () => 7), (m) => warnings.push(m));

  it('starts from the defaults and keeps an update in an owner-only file', async () => {
    expect(open().read()).toEqual({ wallRotateSeconds: 60 });
    open().update({ lastTeam: 'payments' });
    expect(open().read()).toEqual({ wallRotateSeconds: 60, lastTeam: 'payments' });
    expect((await stat(join(dir, 'state'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'state', 'settings.json'))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(join(dir, 'state', 'settings.json'), 'utf8'))).toEqual({ wallRotateSeconds: 60, lastTeam: 'payments' });
  });

  it('tightens a folder that already existed with looser modes', async () => {
    const folder = join(dir, 'loose');
    await mkdir(folder);
    await chmod(folder, 0o755);
    open(folder).update({ lastTeam: 'x' });
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
  });

  it('refuses an invalid update and keeps what was there', () => {
    const settings = open();
    settings.update({ wallRotateSeconds: 30 });
    expect(() => settings.update({ wallRotateSeconds: 1 })).toThrow();
    expect(settings.read().wallRotateSeconds).toBe(30);
  });

  it('falls back to defaults, with a warning naming the field, when a hand edit has the wrong type', async () => {
    await mkdir(join(dir, 'state'), { recursive: true });
    await writeFile(join(dir, 'state', 'settings.json'), JSON.stringify({ wallRotateSeconds: 'often' }));
    expect(open().read()).toEqual({ wallRotateSeconds: 60 });
    expect(warnings.join('\n')).toMatch(/invalid values[\s\S]*wallRotateSeconds/);
  });

  it('moves a file that is not a JSON object aside', async () => {
    await mkdir(join(dir, 'state'), { recursive: true });
    await writeFile(join(dir, 'state', 'settings.json'), '[1, 2]');
    expect(open().read()).toEqual({ wallRotateSeconds: 60 });
    expect(await readFile(join(dir, 'state', 'settings.json.corrupt-7'), 'utf8')).toBe('[1, 2]');
  });
});
