import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LockstepConfig } from '../../services/config/sources';

/** The web host as a person runs it (`npm run web -- --config FILE`), in a process of its own. */
export interface HostProcess {
  tokenUrl: string;
  /** CPU time the host process has used so far (user + system, from /proc), ms. */
  cpuMs(): number;
  /** Its resident memory now (VmRSS, from /proc), MB. */
  rssMB(): number;
  close(): Promise<void>;
}

const TICKS_PER_SECOND = 100;

/**
 * Starts `scripts/start.ts --web` on `config` (written to a file) with a fresh data directory
 * and a free port, and waits for its "open URL" line. A host in the bench's own process would
 * share its heap with whatever the bench holds (the generated traces: about a gigabyte), and
 * every collection the host's work triggers would walk that too — a cost no real host pays.
 */
export async function startHostProcess(config: LockstepConfig): Promise<HostProcess> {
  const root = process.cwd();
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-host-'));
  const configFile = join(dir, 'lockstep.json');
  writeFileSync(configFile, JSON.stringify(config));
  // tsx's loader in this Node process (its cli would start a second one); LOCKSTEP_BENCH_HOST_PROFILE=dir writes the host's CPU profile there.
  const profileDir = process.env.LOCKSTEP_BENCH_HOST_PROFILE;
  // LOCKSTEP_BENCH_HOST_FLAGS="--flag …" tries Node or V8 flags on the host alone (a heap setting, say) against a run without.
  const extraFlags = process.env.LOCKSTEP_BENCH_HOST_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  const nodeFlags = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...extraFlags];
  const args = [...nodeFlags, '--import', join(root, 'node_modules/tsx/dist/loader.mjs'), join(root, 'scripts/start.ts'), '--web', '--port', '0', '--config', configFile];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOCKSTEP_DATA_DIR: join(dir, 'data') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const tokenUrl = await openUrlOf(child);
    const pid = child.pid!;
    return {
      tokenUrl,
      cpuMs: () => {
        // /proc/PID/stat: fields 14 and 15 (utime, stime) in clock ticks, after the ")" of the command name.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
      },
      rssMB: () => {
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return match ? Number(match[1]) / 1024 : Number.NaN;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The URL a starting web host prints ("… open http://…"), once it is listening. */
export function openUrlOf(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the web host did not start within 60 s')), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /open (http:\/\/\S+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the web host exited with ${code} before it was listening`)));
  });
}
