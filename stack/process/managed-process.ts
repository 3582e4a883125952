import { spawn, type ChildProcess } from 'node:child_process';

export interface ManagedProcessOptions {
  /** Shown in errors and logs, e.g. "Prometheus". */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Polled until it answers 2xx. */
  readyUrl?: string;
  /** Or: ready once it prints a line this accepts (for servers that print their own URL). */
  readyLine?: (line: string) => boolean;
  readyTimeoutMs?: number;
  /** Called with each output line (stdout and stderr). */
  onLine?: (line: string) => void;
  /**
   * Keep a pipe to the child's stdin open: a child that stops when its stdin ends then
   * also stops when this process dies without cleaning up (a crashed test run).
   */
  holdStdin?: boolean;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 5 s). */
  stopGraceMs?: number;
}

export interface ManagedProcess {
  readonly pid: number;
  /** The last lines it printed, for error messages. */
  tail(): string;
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
  /** Writes a line to its stdin (with `holdStdin`; otherwise does nothing). */
  send(line: string): void;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test or stack process that dies must not leave servers behind holding ports. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Starts a server process and resolves once `readyUrl` answers; rejects with its output if it dies or hangs. */
export async function startManagedProcess(options: ManagedProcessOptions): Promise<ManagedProcess> {
  installExitHook();
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.holdStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const lines: string[] = [];
  let sawReadyLine = false;
  const onLine = (line: string): void => {
    if (!line.trim()) return;
    lines.push(line);
    if (lines.length > 40) lines.shift();
    if (options.readyLine?.(line)) sawReadyLine = true;
    options.onLine?.(line);
  };
  // Chunks can end mid-line; keep the rest until its newline arrives.
  const lineReader = () => {
    let rest = '';
    return (chunk: Buffer): void => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      parts.forEach(onLine);
    };
  };
  child.stdout?.on('data', lineReader());
  child.stderr?.on('data', lineReader());
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      exitCode = code ?? (signal ? null : 0);
      resolve(exitCode);
    });
    child.once('error', (error) => {
      live.delete(child);
      lines.push(String(error));
      exitCode = null;
      resolve(null);
    });
  });
  const tail = (): string => lines.slice(-15).join('\n');
  const stop = async (): Promise<void> => {
    if (exitCode !== undefined) return;
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), options.stopGraceMs ?? 5_000);
    await exited;
    clearTimeout(killed);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`${options.name} exited (code ${exitCode}) before it was ready:\n${tail()}`);
    }
    if (sawReadyLine || (options.readyUrl !== undefined && (await answers(options.readyUrl)))) {
      const send = (line: string): void => {
        if (options.holdStdin && exitCode === undefined) child.stdin?.write(`${line}\n`);
      };
      return { pid: child.pid ?? -1, tail, exited, stop, send };
    }
    await sleep(100);
  }
  await stop();
  const where = options.readyUrl ? ` at ${options.readyUrl}` : '';
  throw new Error(`${options.name} was not ready${where} within ${(options.readyTimeoutMs ?? 20_000) / 1000} s:\n${tail()}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
