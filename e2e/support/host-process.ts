import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface HostInfo {
  url: string;
  tokenUrl: string;
  token: string;
  stack?: { demo: string; prometheus: string; alertmanager: string; webhooks: string };
}

export interface RunningHost extends HostInfo {
  stop(): Promise<void>;
}

/** Runs e2e/support/serve.ts in a child process and waits (bounded) for its ready line. */
export async function startHost(mode: 'demo' | 'stack', timeoutMs = 120_000): Promise<RunningHost> {
  const root = process.cwd();
  const child: ChildProcess = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'e2e/support/serve.ts'), '--mode', mode], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise<HostInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${mode} host did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const message = JSON.parse(line) as { event: string; message?: string } & HostInfo;
      clearTimeout(timer);
      if (message.event === 'ready') resolve(message);
      else reject(new Error(`the ${mode} host failed: ${message.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${mode} host exited with ${code}`));
    });
  });
  return {
    ...info,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
