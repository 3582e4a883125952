import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * scripts/setup.sh on a machine where the packages are missing and nobody can install
 * them: it must name the one command to run and stop, not half-run the tests. It runs
 * from a copy in a scratch checkout whose npm packages count as installed.
 */
function runSetup(command: string, binaries: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-setup-'));
  const bin = join(dir, 'bin');
  const fakes = join(dir, 'fakes');
  const checkout = join(dir, 'checkout');
  spawnSync('mkdir', ['-p', bin, fakes, join(checkout, 'scripts'), join(checkout, 'node_modules')]);
  copyFileSync('scripts/setup.sh', join(checkout, 'scripts/setup.sh'));
  writeFileSync(join(checkout, 'package-lock.json'), '{}\n');
  const stamp = spawnSync('sh', ['-c', 'cksum < package-lock.json'], { cwd: checkout, encoding: 'utf8' }).stdout;
  writeFileSync(join(checkout, 'node_modules/.lockstep-installed'), stamp);
  for (const name of binaries) {
    writeFileSync(join(bin, name), '#!/bin/sh\n');
    chmodSync(join(bin, name), 0o755);
  }
  // Not root, and no passwordless sudo.
  writeFileSync(join(fakes, 'id'), '#!/bin/sh\necho 1000\n');
  writeFileSync(join(fakes, 'sudo'), '#!/bin/sh\nexit 1\n');
  chmodSync(join(fakes, 'id'), 0o755);
  chmodSync(join(fakes, 'sudo'), 0o755);
  return spawnSync('sh', [join(checkout, 'scripts/setup.sh'), command], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${fakes}:${process.env.PATH}`, LOCKSTEP_BIN_DIR: bin },
  });
}

describe('scripts/setup.sh', () => {
  it('names the apt-get command for the missing Debian packages and stops', () => {
    const result = runSetup('test', ['chromium', 'xvfb-run', 'prometheus']);
    expect(result.status).toBe(1);
    // openssl makes the throwaway certificates of the TLS tests (testing/test-pki.ts).
    expect(result.stdout).toContain("Lockstep needs these Debian packages for 'npm test': prometheus-alertmanager victoria-metrics openssl");
    expect(result.stdout).toContain('sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus-alertmanager victoria-metrics openssl');
  });

  it('asks the stack only for what the stack runs', () => {
    expect(runSetup('stack', ['prometheus', 'prometheus-alertmanager']).status).toBe(0);
    const result = runSetup('stack', ['prometheus']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("for 'npm stack': prometheus-alertmanager");
  });

  it('needs no Debian package to start the console', () => {
    expect(runSetup('start', []).status).toBe(0);
  });
});
