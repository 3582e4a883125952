import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../process/free-port';
import { startVictoriaMetrics, startVmalert, type RealServer } from './real-servers';

export interface VictoriaMetricsWithRules {
  /** VictoriaMetrics' URL: queries, and /api/v1/rules and /api/v1/alerts proxied to vmalert. */
  readonly url: string;
  readonly victoriaMetrics: RealServer;
  readonly vmalert: RealServer;
  stop(): Promise<void>;
}

export interface VictoriaMetricsWithRulesOptions {
  scrapeConfigYaml: string;
  rulesYaml: string;
  evaluationIntervalSeconds: number;
  /** Where vmalert sends firing alerts; a loopback sink that accepts and drops them when absent. */
  notifierUrl?: string;
}

/**
 * VictoriaMetrics with vmalert evaluating a Prometheus rule file, the way a team runs the
 * stack's recording rules there: recorded series are written back into VictoriaMetrics, so
 * dashboards that read recorded names fill as they do on Prometheus.
 */
export async function startVictoriaMetricsWithRules(options: VictoriaMetricsWithRulesOptions): Promise<VictoriaMetricsWithRules> {
  const sink = options.notifierUrl ? undefined : await startNullNotifier();
  const notifierUrl = options.notifierUrl ?? sink!.url;
  // Each needs the other's address at start: VictoriaMetrics proxies rules to vmalert, vmalert writes into VictoriaMetrics.
  const vmalertPort = await freePort();
  let victoriaMetrics: RealServer | undefined;
  try {
    victoriaMetrics = await startVictoriaMetrics({ scrapeConfigYaml: options.scrapeConfigYaml, vmalertProxyUrl: `http://127.0.0.1:${vmalertPort}` });
    const vmalert = await startVmalert({
      port: vmalertPort,
      victoriaMetricsUrl: victoriaMetrics.url,
      rulesYaml: options.rulesYaml,
      evaluationIntervalSeconds: options.evaluationIntervalSeconds,
      notifierUrl,
    });
    const vm = victoriaMetrics;
    return {
      url: vm.url,
      victoriaMetrics: vm,
      vmalert,
      stop: async () => {
        await vmalert.stop();
        await vm.stop();
        await sink?.close();
      },
    };
  } catch (error) {
    await victoriaMetrics?.stop();
    await sink?.close();
    throw error;
  }
}

/** Accepts vmalert's alert posts (POST /api/v2/alerts) and drops them. */
async function startNullNotifier(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
