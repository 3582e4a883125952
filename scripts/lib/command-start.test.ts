import { describe, expect, it } from 'vitest';
import { commandStartedAt } from './command-start';

/** A fake /proc: each process with its parent, start (seconds after boot) and command line. */
function proc(uptime: number, table: Record<number, { parent: number; start: number; cmd: string; comm?: string }>) {
  return (path: string): string => {
    if (path === '/proc/uptime') return `${uptime} 1000.00\n`;
    const [, pidText, file] = path.split('/').slice(1);
    const entry = table[Number(pidText)];
    if (!entry) throw new Error(`ENOENT ${path}`);
    if (file === 'cmdline') return `${entry.cmd.split(' ').join('\0')}\0`;
    // Fields 3.. after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice threads itreal starttime
    const rest = ['S', entry.parent, 1, 1, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 0, 1, 0, Math.round(entry.start * 100)];
    return `${pidText} (${entry.comm ?? 'node'}) ${rest.join(' ')} 0 0`;
  };
}

describe('commandStartedAt', () => {
  const now = 1_000_000_000_000;
  it('goes back to npm, through the set-up shell and tsx, and stops at the person’s shell', () => {
    const read = proc(500, {
      40: { parent: 30, start: 497.5, cmd: 'node --import tsx scripts/start.ts' },
      30: { parent: 20, start: 497.2, cmd: 'node /work/node_modules/tsx/dist/cli.mjs scripts/start.ts' },
      20: { parent: 10, start: 496.0, cmd: 'sh -c sh scripts/setup.sh start && tsx scripts/start.ts', comm: 'sh' },
      10: { parent: 5, start: 495.5, cmd: 'npm start', comm: 'npm start' },
      5: { parent: 1, start: 10, cmd: '-bash', comm: 'bash' },
    });
    expect(commandStartedAt({ pid: 40, now, read })).toBeCloseTo(now - 4500, -1);
  });

  it('claims no ancestor that started long ago, even if it looks like ours', () => {
    const read = proc(5000, {
      40: { parent: 10, start: 4999, cmd: 'node scripts/start.ts' },
      10: { parent: 1, start: 100, cmd: 'npm exec tsx', comm: 'npm' },
    });
    expect(commandStartedAt({ pid: 40, now, read })).toBeCloseTo(now - 1000, -1);
  });

  it('falls back to this process’s own start where /proc is missing', () => {
    const read = () => {
      throw new Error('ENOENT');
    };
    expect(commandStartedAt({ now, read })).toBe(performance.timeOrigin);
  });

  it('on this machine, is no later than this process’s start', () => {
    expect(commandStartedAt()).toBeLessThanOrEqual(performance.timeOrigin + 50);
  });
});
