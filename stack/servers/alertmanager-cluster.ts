import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../process/free-port';
import { startAlertmanager, type RealServer } from './real-servers';

export interface AlertmanagerClusterOptions {
  configYaml: string;
  /** How many members (default 2). */
  size?: number;
  readyTimeoutMs?: number;
}

export interface AlertmanagerClusterMember {
  /** Its HTTP API, http://127.0.0.1:PORT. */
  readonly url: string;
  /** Its gossip address, 127.0.0.1:PORT. */
  readonly gossip: string;
  readonly running: boolean;
}

export interface RealAlertmanagerCluster {
  readonly members: readonly AlertmanagerClusterMember[];
  /** Stops one member (as a crash or a deploy would); the others go on. */
  stopMember(index: number): Promise<void>;
  /** Starts it again on the same ports and data, joining the others: what it missed arrives by gossip. */
  startMember(index: number): Promise<void>;
  tail(index: number): string;
  stop(): Promise<void>;
}

/**
 * Real Alertmanagers clustered by gossip on loopback, each on its own free HTTP and gossip
 * ports, peering with all the others. Gossip runs faster than production (50 ms gossip,
 * 1 s push-pull, 1 s settle, 200 ms probes) so a silence reaches the others within a
 * fraction of a second and a restarted member rejoins at once.
 */
export async function startAlertmanagerCluster(options: AlertmanagerClusterOptions): Promise<RealAlertmanagerCluster> {
  const size = options.size ?? 2;
  const root = mkdtempSync(join(tmpdir(), 'lockstep-am-cluster-'));
  const slots = await Promise.all(
    Array.from({ length: size }, async (_, i) => ({ dir: join(root, `member-${i + 1}`), port: await freePort(), gossipPort: await freePort() })),
  );
  const servers: Array<RealServer | undefined> = slots.map(() => undefined);
  const start = async (i: number) => {
    const slot = slots[i]!;
    const peers = slots.filter((_, j) => j !== i).map((s) => `--cluster.peer=127.0.0.1:${s.gossipPort}`);
    servers[i] = await startAlertmanager({
      configYaml: options.configYaml,
      dir: slot.dir,
      port: slot.port,
      ...(options.readyTimeoutMs ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
      extraArgs: [
        `--cluster.listen-address=127.0.0.1:${slot.gossipPort}`,
        ...peers,
        '--cluster.gossip-interval=50ms',
        '--cluster.pushpull-interval=1s',
        '--cluster.settle-timeout=1s',
        '--cluster.probe-interval=200ms',
        '--cluster.reconnect-interval=1s',
      ],
    });
  };
  // One at a time: members stopped together each wait on the other to say goodbye, 5 s apiece.
  const stopAll = async () => {
    for (const [i, server] of servers.entries()) {
      await server?.stop().catch(() => undefined);
      servers[i] = undefined;
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await Promise.all(slots.map((_, i) => start(i)));
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    members: slots.map((slot, i) => ({
      url: `http://127.0.0.1:${slot.port}`,
      gossip: `127.0.0.1:${slot.gossipPort}`,
      get running() {
        return servers[i] !== undefined;
      },
    })),
    async stopMember(i) {
      await servers[i]?.stop();
      servers[i] = undefined;
    },
    async startMember(i) {
      if (!servers[i]) await start(i);
    },
    tail: (i) => servers[i]?.tail() ?? '(not running)',
    stop: stopAll,
  };
}
