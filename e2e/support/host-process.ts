import { join } from 'node:path';
import { test } from '@playwright/test';
import { z } from 'zod';
import { startManagedProcess } from '../../stack/process/managed-process';

const HostInfoSchema = z.object({
  url: z.string(),
  tokenUrl: z.string(),
  token: z.string(),
  /** The wall-screen URL: a viewer credential that may look but not act. */
  viewerUrl: z.string(),
  stack: z.object({ demo: z.string(), prometheus: z.string(), alertmanager: z.string(), webhooks: z.string() }).optional(),
});
export type HostInfo = z.infer<typeof HostInfoSchema>;

export interface RunningHost extends HostInfo {
  stop(): Promise<void>;
  /** Stops one server of the stack (stack mode), resolving once it has stopped. */
  stopServer(name: 'prometheus' | 'alertmanager'): Promise<void>;
}

const ReadyLineSchema = HostInfoSchema.extend({ event: z.literal('ready') });

function readyInfo(line: string): HostInfo | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = ReadyLineSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs e2e/support/serve.ts in a child process, supervised like the stack's servers, and
 * waits (bounded) for its one JSON ready line. If it fails first, the error carries its output.
 */
/** demo: the embedded fleet; stack: the local real stack; settings: the stack without its Prometheus and Loki in the console's config; zipkin: one Zipkin source (`--zipkin-url`). */
export type HostMode = 'demo' | 'stack' | 'settings' | 'zipkin';

/** `dataDir`: a console data directory to reuse (its tokens and remembered port), as a restart does. */
export async function startHost(mode: HostMode, timeoutMs = 120_000, dataDir?: string, extraArgs: readonly string[] = []): Promise<RunningHost> {
  const root = process.cwd();
  let info: HostInfo | undefined;
  const stopped = new Map<string, () => void>();
  const child = await startManagedProcess({
    name: `the ${mode} host`,
    command: process.execPath,
    args: [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'e2e/support/serve.ts'), '--mode', mode, ...(dataDir ? ['--data-dir', dataDir] : []), ...extraArgs],
    cwd: root,
    readyLine: (line) => (info ??= readyInfo(line)) !== undefined,
    readyTimeoutMs: timeoutMs,
    // serve.ts stops when its stdin ends, so a crashed test run leaves no Prometheus behind.
    holdStdin: true,
    // Stopping the stack stops Prometheus and Alertmanager too.
    stopGraceMs: 15_000,
    onLine: (line) => {
      if (!line.startsWith('{')) console.error(line);
      const server = /^\{"event":"stopped","server":"(\w+)"\}$/.exec(line)?.[1];
      if (server) stopped.get(server)?.();
    },
  });
  if (!info) throw new Error(`the ${mode} host was ready but printed no address`);
  const stopServer = (name: 'prometheus' | 'alertmanager') =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not stop within 30 s`)), 30_000);
      stopped.set(name, () => {
        clearTimeout(timer);
        resolve();
      });
      child.send(`stop ${name}`);
    });
  return { ...info, stop: () => child.stop(), stopServer };
}

/**
 * One host for a spec file: started before its tests (a stack takes a while), stopped after
 * them. The tests call the getter.
 */
export function hostForSpec(mode: HostMode, extraArgs: readonly string[] = []): () => RunningHost {
  let host: RunningHost | undefined;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    host = await startHost(mode, undefined, undefined, extraArgs);
  });
  test.afterAll(async () => {
    await host?.stop();
  });
  return () => {
    if (!host) throw new Error(`the ${mode} host did not start`);
    return host;
  };
}
