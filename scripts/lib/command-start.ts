import { readFileSync } from 'node:fs';

/** A start-up longer than this is not ours to claim: the walk has reached the person's shell. */
const MAX_CLAIMED_MS = 10 * 60_000;
/** Linux's USER_HZ: the unit of a process's start time in /proc/PID/stat on every architecture we run on. */
const CLOCK_TICKS_PER_SECOND = 100;
const OURS = /(^|[/\s])(npm|npx|tsx)([\s/.]|$)|scripts\/(setup\.sh|start\.ts|stack\.ts)|tsx\/dist\/cli/;

interface ProcessFacts {
  parent: number;
  startTicks: number;
  commandLine: string;
}

export type ProcReader = (path: string) => string;

function facts(pid: number, read: ProcReader): ProcessFacts | undefined {
  try {
    const stat = read(`/proc/${pid}/stat`);
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const commandLine = read(`/proc/${pid}/cmdline`).split('\0').join(' ').trim();
    return { parent: Number(fields[1]), startTicks: Number(fields[19]), commandLine };
  } catch {
    return undefined;
  }
}

/**
 * When the person's command (`npm start`, `npm run stack`) started, in epoch ms, so the
 * start-up time we print is what a stopwatch started with the command shows: npm's own
 * start, the set-up step and any UI build included. It is the start of the outermost
 * ancestor that is ours (npm, the set-up shell, tsx); off Linux, this process's start.
 */
export function commandStartedAt(options: { pid?: number; now?: number; read?: ProcReader } = {}): number {
  const read = options.read ?? ((path: string) => readFileSync(path, 'utf8'));
  const now = options.now ?? Date.now();
  const fallback = performance.timeOrigin;
  let uptimeSeconds: number;
  try {
    uptimeSeconds = Number(read('/proc/uptime').split(' ')[0]);
  } catch {
    return fallback;
  }
  const startedAt = (ticks: number) => now - (uptimeSeconds - ticks / CLOCK_TICKS_PER_SECOND) * 1000;
  let self = facts(options.pid ?? process.pid, read);
  if (!self || !Number.isFinite(uptimeSeconds)) return fallback;
  let earliest = startedAt(self.startTicks);
  for (let hops = 0; hops < 8 && self.parent > 1; hops++) {
    const parent = facts(self.parent, read);
    if (!parent || !OURS.test(parent.commandLine)) break;
    const at = startedAt(parent.startTicks);
    if (now - at > MAX_CLAIMED_MS) break;
    earliest = Math.min(earliest, at);
    self = parent;
  }
  return earliest;
}
