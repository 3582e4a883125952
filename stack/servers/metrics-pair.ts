import { PEAK_DEMAND, startDemoFleet, type DemoFleet } from '../demo-process';
import { rulesYaml, type StackTiming } from '../prometheus-config';
import { startPrometheus, type RealServer } from './real-servers';
import { startVictoriaMetricsWithRules, type VictoriaMetricsWithRules } from './victoria-with-rules';

/** Scrapes and rule evaluations every second, 15 s rate windows: a minute of history in seconds. */
export const PAIR_TIMING: StackTiming = { intervalSeconds: 1, maxForSeconds: 3, rateWindow: '15s' };

export interface MetricsPair {
  readonly demo: DemoFleet;
  readonly prometheus: RealServer;
  readonly victoria: VictoriaMetricsWithRules;
  /** When both servers started scraping (epoch ms). */
  readonly startedAt: number;
  stop(): Promise<void>;
}

export interface MetricsPairOptions {
  /** Repository root (where demo/cli.ts lives). */
  root: string;
  locks: number;
  onLine?: (line: string) => void;
}

/**
 * The demo fleet scraped by both a real Prometheus (exemplar storage on) and a real
 * VictoriaMetrics whose vmalert evaluates the same rule file, on free loopback ports: what
 * the contract tests compare and what `npm run record` records.
 */
export async function startMetricsPair(options: MetricsPairOptions): Promise<MetricsPair> {
  // At the evening peak's demand whatever the hour: at night a small city's Bluetooth unlocks are a few a
  // minute, its 15 s success ratio has no value most seconds, and the two servers cannot be compared on it.
  const demo = await startDemoFleet({ root: options.root, locks: options.locks, schedule: false, demand: PEAK_DEMAND, onLine: options.onLine });
  const scrape = scrapeConfig(new URL(demo.url).host, PAIR_TIMING.intervalSeconds);
  const rules = rulesYaml(PAIR_TIMING);
  const started = await Promise.allSettled([
    startPrometheus({ configYaml: scrape, rulesYaml: rules, onLine: options.onLine }),
    startVictoriaMetricsWithRules({ scrapeConfigYaml: scrape, rulesYaml: rules, evaluationIntervalSeconds: PAIR_TIMING.intervalSeconds }),
  ]);
  const [prom, vm] = started;
  if (prom.status === 'rejected' || vm.status === 'rejected') {
    if (prom.status === 'fulfilled') await prom.value.stop();
    if (vm.status === 'fulfilled') await vm.value.stop();
    await demo.stop();
    throw prom.status === 'rejected' ? prom.reason : (vm as PromiseRejectedResult).reason;
  }
  return {
    demo,
    prometheus: prom.value,
    victoria: vm.value,
    startedAt: Date.now(),
    stop: async () => {
      await Promise.allSettled([prom.value.stop(), vm.value.stop()]);
      await demo.stop();
    },
  };
}

function scrapeConfig(target: string, intervalSeconds: number): string {
  return [
    'global:',
    `  scrape_interval: ${intervalSeconds}s`,
    `  evaluation_interval: ${intervalSeconds}s`,
    'scrape_configs:',
    '  - job_name: demo-fleet',
    '    static_configs:',
    `      - targets: ['${target}']`,
    '',
  ].join('\n');
}
