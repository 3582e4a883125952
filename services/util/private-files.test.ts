import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendPrivateFile, ensurePrivateDir, restrictPrivateFile, writePrivateFileAtomic } from './private-files';

const modeOf = (path: string) => statSync(path).mode & 0o777;
const scratch = () => mkdtempSync(join(tmpdir(), 'lockstep-private-'));

// POSIX modes; Windows has no owner/group/other bits to check.
describe.skipIf(process.platform === 'win32')('private files', () => {
  it('creates the folder 0700 and tightens one that existed 0755', () => {
    const fresh = join(scratch(), 'a', 'lockstep');
    ensurePrivateDir(fresh);
    expect(modeOf(fresh)).toBe(0o700);
    const loose = join(scratch(), 'lockstep');
    mkdirSync(loose, { mode: 0o755 });
    chmodSync(loose, 0o755);
    ensurePrivateDir(loose);
    expect(modeOf(loose)).toBe(0o700);
  });

  it('writes files 0600, also over a file that existed 0644', () => {
    const dir = scratch();
    const file = join(dir, 'state.json');
    writeFileSync(file, 'old', { mode: 0o644 });
    chmodSync(file, 0o644);
    writePrivateFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(modeOf(file)).toBe(0o600);

    const journal = join(dir, 'journal.jsonl');
    writeFileSync(journal, 'a\n', { mode: 0o644 });
    chmodSync(journal, 0o644);
    appendPrivateFile(journal, 'b\n');
    expect(readFileSync(journal, 'utf8')).toBe('a\nb\n');
    expect(modeOf(journal)).toBe(0o600);
  });

  it('tightens an existing file in place and accepts one that is not there yet', () => {
    const file = join(scratch(), 'web-token');
    writeFileSync(file, 'x', { mode: 0o644 });
    chmodSync(file, 0o644);
    restrictPrivateFile(file);
    expect(modeOf(file)).toBe(0o600);
    expect(() => restrictPrivateFile(join(scratch(), 'missing'))).not.toThrow();
  });
});
