import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BINARIES, requireBinaries, type BinaryName } from '../process/binaries';
import { freePort } from '../process/free-port';
import { startManagedProcess, type ManagedProcess } from '../process/managed-process';

export interface RealServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  readonly url: string;
  /** Where its config and data live. */
  readonly dir: string;
  tail(): string;
  stop(): Promise<void>;
}

export interface ServerPlacement {
  /** Defaults to a fresh temporary directory, removed on stop. */
  dir?: string;
  /** Defaults to a free port. */
  port?: number;
  readyTimeoutMs?: number;
  onLine?: (line: string) => void;
}

export interface PrometheusOptions extends ServerPlacement {
  configYaml: string;
  /** Written beside the config as rules.yml and added to `rule_files` when the config names none. */
  rulesYaml?: string;
  extraArgs?: readonly string[];
}

export async function startPrometheus(options: PrometheusOptions): Promise<RealServer> {
  return startServer('prometheus', 'Prometheus', options, '/-/ready', (dir, port) => {
    let config = options.configYaml;
    if (options.rulesYaml !== undefined) {
      writeFileSync(join(dir, 'rules.yml'), options.rulesYaml);
      if (!/^rule_files:/m.test(config)) config += '\nrule_files:\n  - rules.yml\n';
    }
    writeFileSync(join(dir, 'prometheus.yml'), config);
    return [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--enable-feature=exemplar-storage',
      ...(options.extraArgs ?? []),
    ];
  });
}

export interface AlertmanagerOptions extends ServerPlacement {
  configYaml: string;
  extraArgs?: readonly string[];
}

export async function startAlertmanager(options: AlertmanagerOptions): Promise<RealServer> {
  return startServer('alertmanager', 'Alertmanager', options, '/-/ready', (dir, port) => {
    writeFileSync(join(dir, 'alertmanager.yml'), options.configYaml);
    return [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No gossip unless asked for (alertmanager-cluster.ts): otherwise it binds 9094 on every interface. The flag may be given once.
      ...(options.extraArgs?.some((a) => a.startsWith('--cluster.listen-address')) ? [] : ['--cluster.listen-address=']),
      ...(options.extraArgs ?? []),
    ];
  });
}

export interface VictoriaMetricsOptions extends ServerPlacement {
  /** A Prometheus-style `scrape_configs` file. */
  scrapeConfigYaml: string;
  /** vmalert's URL: VictoriaMetrics then answers /api/v1/rules and /api/v1/alerts by asking it, as Prometheus answers them itself. */
  vmalertProxyUrl?: string;
  extraArgs?: readonly string[];
}

export async function startVictoriaMetrics(options: VictoriaMetricsOptions): Promise<RealServer> {
  return startServer('victoriaMetrics', 'VictoriaMetrics', options, '/health', (dir, port) => {
    writeFileSync(join(dir, 'scrape.yml'), options.scrapeConfigYaml);
    return [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${join(dir, 'data')}`,
      `-promscrape.config=${join(dir, 'scrape.yml')}`,
      // It hides the newest 30 s by default; tests and the stack want fresh points.
      '-search.latencyOffset=1s',
      '-search.disableCache',
      // Lets it read a full prometheus.yml (rule_files, alerting) and use only scrape_configs.
      '-promscrape.config.strictParse=false',
      '-loggerLevel=WARN',
      ...(options.vmalertProxyUrl ? [`-vmalert.proxyURL=${options.vmalertProxyUrl}`] : []),
      ...(options.extraArgs ?? []),
    ];
  });
}

export interface VmalertOptions extends ServerPlacement {
  /** The VictoriaMetrics it queries and writes recorded series and alert state back to. */
  victoriaMetricsUrl: string;
  /** A Prometheus rule file (groups of recording and alerting rules). */
  rulesYaml: string;
  evaluationIntervalSeconds: number;
  /** Where firing alerts go (an Alertmanager); required by vmalert whenever the rules hold an alert. */
  notifierUrl: string;
  extraArgs?: readonly string[];
}

/** vmalert: evaluates Prometheus rules against VictoriaMetrics, which has no rule engine of its own. */
export async function startVmalert(options: VmalertOptions): Promise<RealServer> {
  return startServer('vmalert', 'vmalert', options, '/health', (dir, port) => {
    writeFileSync(join(dir, 'rules.yml'), options.rulesYaml);
    return [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-datasource.url=${options.victoriaMetricsUrl}`,
      `-remoteWrite.url=${options.victoriaMetricsUrl}`,
      // Recorded points reach VictoriaMetrics within a second rather than the default 5 s.
      '-remoteWrite.flushInterval=1s',
      `-rule=${join(dir, 'rules.yml')}`,
      `-evaluationInterval=${options.evaluationIntervalSeconds}s`,
      `-notifier.url=${options.notifierUrl}`,
      '-loggerLevel=WARN',
      ...(options.extraArgs ?? []),
    ];
  });
}

async function startServer(
  binary: BinaryName,
  name: string,
  placement: ServerPlacement,
  readyPath: string,
  prepare: (dir: string, port: number) => string[],
): Promise<RealServer> {
  requireBinaries([binary]);
  const ownsDir = placement.dir === undefined;
  const dir = placement.dir ?? mkdtempSync(join(tmpdir(), `lockstep-${binary.toLowerCase()}-`));
  mkdirSync(dir, { recursive: true });
  const cleanup = (): void => {
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
  };
  // A free port can be taken between asking and binding; try again with another.
  for (let attempt = 1; ; attempt++) {
    const port = placement.port ?? (await freePort());
    const url = `http://127.0.0.1:${port}`;
    let child: ManagedProcess;
    try {
      child = await startManagedProcess({
        name,
        command: BINARIES[binary].path,
        args: prepare(dir, port),
        cwd: dir,
        readyUrl: `${url}${readyPath}`,
        readyTimeoutMs: placement.readyTimeoutMs ?? 30_000,
        onLine: placement.onLine,
      });
    } catch (error) {
      const portTaken = /address already in use/i.test(String(error));
      if (portTaken && placement.port === undefined && attempt < 3) continue;
      cleanup();
      throw error;
    }
    return {
      url,
      dir,
      tail: child.tail,
      stop: async () => {
        await child.stop();
        cleanup();
      },
    };
  }
}
