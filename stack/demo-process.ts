import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { startManagedProcess } from './process/managed-process';

export interface DemoFleetOptions {
  /** Repository root (where demo/cli.ts lives). */
  root: string;
  locks: number;
  /** Run the scripted incidents on their schedule. */
  schedule: boolean;
  /** Start with this incident running. */
  incident?: string;
  /** Each lock's heartbeat period (the demo's default is 30 s; three missed beats count offline). */
  heartbeatSeconds?: number;
  /** A fixed demand factor instead of the time of day's (night 0.25, evening peak about 1.7): the same traffic whenever a test runs. */
  demand?: number;
  onLine?: (line: string) => void;
}

/** The demo's demand factor at its evening peak (18:00 in the fleet's time zone): what the tests' stacks run at. */
export const PEAK_DEMAND = 1.6;

export interface DemoFleet {
  readonly url: string;
  stop(): Promise<void>;
}

const ListeningSchema = z.object({ event: z.literal('listening'), url: z.string().url() });

function listeningUrl(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = ListeningSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data.url : undefined;
  } catch {
    return undefined;
  }
}

/** tsx's loader by absolute path, so the fleet starts whatever the working directory. */
function tsxLoader(): string {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch {
    return 'tsx';
  }
}

/** The demo fleet as a child process: node with tsx's loader, so one pid to stop and no orphan. */
export async function startDemoFleet(options: DemoFleetOptions): Promise<DemoFleet> {
  const cli = join(options.root, 'demo', 'cli.ts');
  if (!existsSync(cli)) throw new Error(`the demo fleet is missing: ${cli} does not exist`);
  let url: string | undefined;
  const args = ['--import', tsxLoader(), cli, '--port', '0', '--locks', String(options.locks)];
  if (!options.schedule) args.push('--no-schedule');
  if (options.incident) args.push('--incident', options.incident);
  if (options.heartbeatSeconds !== undefined) args.push('--heartbeat-seconds', String(options.heartbeatSeconds));
  if (options.demand !== undefined) args.push('--demand', String(options.demand));
  const child = await startManagedProcess({
    name: 'the demo fleet',
    command: process.execPath,
    args,
    cwd: options.root,
    readyLine: (line) => {
      url ??= listeningUrl(line);
      return url !== undefined;
    },
    readyTimeoutMs: 60_000,
    onLine: (line) => {
      if (listeningUrl(line) === undefined) options.onLine?.(line);
    },
  });
  if (!url) throw new Error('the demo fleet did not say where it listens');
  return { url, stop: child.stop };
}
