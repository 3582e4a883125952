import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateToken } from '../../web/access';
import { defaultDataDir } from './data-dir';

const modeOf = (path: string) => statSync(path).mode & 0o777;
const saved = process.env.LOCKSTEP_DATA_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.LOCKSTEP_DATA_DIR;
  else process.env.LOCKSTEP_DATA_DIR = saved;
});

// POSIX modes; Windows has no owner/group/other bits to check.
describe.skipIf(process.platform === 'win32')('the default data folder and the web token', () => {
  it('makes the data folder owner-only, also one that existed 0755', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lockstep-dd-')), 'lockstep');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    process.env.LOCKSTEP_DATA_DIR = dir;
    expect(defaultDataDir()).toBe(dir);
    expect(modeOf(dir)).toBe(0o700);
  });

  it('writes a new token 0600 and tightens an existing one left 0644, keeping it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-dd-'));
    const fresh = join(dir, 'new', 'web-token');
    const token = loadOrCreateToken(fresh);
    expect(modeOf(fresh)).toBe(0o600);
    expect(modeOf(join(dir, 'new'))).toBe(0o700);
    expect(loadOrCreateToken(fresh)).toBe(token);

    const old = join(dir, 'web-token');
    const existing = 'a'.repeat(32);
    writeFileSync(old, `${existing}\n`);
    chmodSync(old, 0o644);
    expect(loadOrCreateToken(old)).toBe(existing);
    expect(modeOf(old)).toBe(0o600);
    expect(readFileSync(old, 'utf8')).toBe(`${existing}\n`);
  });
});
