import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SourceConfigSchema, type SourceConfig } from '../services/config/sources';
import { missingBinaryReason } from './process/binaries';
import { startAlertmanager, startPrometheus, type RealServer } from './servers/real-servers';
import { alertmanagerConfigYaml } from './alertmanager-config';
import { PEAK_DEMAND, startDemoFleet, type DemoFleet } from './demo-process';
import { onCallAt, receiverName, type EscalationPolicy } from '../shared/escalation';
import { FAST_TIMING, NORMAL_TIMING, prometheusConfigYaml, rulesYaml, stackPolicy } from './prometheus-config';
import { startWebhookSink, type WebhookSink } from './webhook-sink';
import { backfillFunnelHistory } from './funnel-backfill';

export interface StackOptions {
  /** 1 s scrape/evaluation, short `for`, short rate windows and group waits: for tests. */
  fast?: boolean;
  locks?: number;
  /** Run the demo's scripted incidents on their schedule (default true; tests turn it off). */
  scheduledIncidents?: boolean;
  /** Start with this demo incident running. */
  incident?: string;
  /** Where Prometheus and Alertmanager keep config and data; wiped of their subfolders on start. */
  dataDir: string;
  /** Repository root; defaults to the working directory. */
  root?: string;
  /** One line per event worth a person's attention. */
  log?: (line: string) => void;
  /** Also pass the servers' own log lines to `log`. */
  verbose?: boolean;
  /** The escalation policy compiled into rules and routes (default: the demo's; scaled to seconds in fast mode). */
  policy?: EscalationPolicy;
}

export interface Stack {
  urls: { demo: string; prometheus: string; alertmanager: string; webhooks: string };
  sources: SourceConfig[];
  webhooks: WebhookSink;
  /** The escalation policy the stack's Prometheus and Alertmanager run. */
  policy: EscalationPolicy;
  /** Stops one of its servers while the rest run on (for trying what the console does when Prometheus or Alertmanager goes down). */
  stopServer(name: 'prometheus' | 'alertmanager'): Promise<void>;
  /** A console's quiet window before an incident resolves, scaled like the stack's timings (undefined: the console's default). */
  incidentQuietSeconds: number | undefined;
  stop(): Promise<void>;
  /** The funnel's backfilled week (stack/funnel-backfill.ts): samples written and how long it added to the start; undefined without promtool. */
  funnelHistory: { samples: number; ms: number } | undefined;
}

export class StackPrerequisiteError extends Error {
  override name = 'StackPrerequisiteError';
}

/**
 * The local real stack on loopback: the demo fleet as exporter, Alertmanager (first, so
 * no alert is sent into the void), then Prometheus with the demo's rules.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const missing = missingBinaryReason(['prometheus', 'alertmanager']);
  if (missing) throw new StackPrerequisiteError(`the local stack needs Prometheus and Alertmanager: ${missing}`);
  const log = options.log ?? (() => undefined);
  const serverLog = (name: string) => (options.verbose ? (line: string) => log(`[${name}] ${line}`) : undefined);
  const fast = options.fast ?? false;
  const timing = fast ? FAST_TIMING : NORMAL_TIMING;
  const policy = options.policy ?? stackPolicy(fast);
  const dataDir = resolve(options.dataDir);
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async (): Promise<void> => {
    // Reverse order: Prometheus stops sending before Alertmanager and the sink go.
    for (const part of started.splice(0).reverse()) await part.stop().catch(() => undefined);
  };

  try {
    const webhooks = await startWebhookSink(log, (receiver) => whoIsPaged(policy, receiver, Date.now()));
    started.push({ stop: webhooks.close });
    const demo: DemoFleet = await startDemoFleet({
      root: options.root ?? process.cwd(),
      locks: options.locks ?? 20_000,
      schedule: options.scheduledIncidents ?? true,
      incident: options.incident,
      // Fast mode shortens the 1m rate windows to 15 s; heartbeats shrink alike (30 s → 7.5 s),
      // so a gateway partition takes its city offline (CityLocksOffline) within seconds, not 90 s.
      // It also runs at the evening peak's demand whatever the hour: at night's quarter of it, a small city's
      // 15 s ratios are a handful of attempts and alerts flap.
      ...(fast ? { heartbeatSeconds: 7.5, demand: PEAK_DEMAND } : {}),
      onLine: serverLog('demo'),
    });
    started.push(demo);

    const amDir = freshDir(dataDir, 'alertmanager');
    const alertmanager: RealServer = await startAlertmanager({
      dir: amDir,
      configYaml: alertmanagerConfigYaml({ webhookBase: webhooks.url, fast, policy }),
      onLine: serverLog('alertmanager'),
    });
    started.push(alertmanager);

    const promDir = freshDir(dataDir, 'prometheus');
    // A week of funnel history before Prometheus opens its data, so the funnel's `offset 1w` baseline answers at once.
    let funnelHistory: { samples: number; ms: number } | undefined;
    const noPromtool = missingBinaryReason(['promtool']);
    if (noPromtool) log(`No week-earlier funnel history: ${noPromtool}.`);
    else {
      // Without it the stack still runs: the funnel panels then say they have no week-earlier data.
      try {
        funnelHistory = await backfillFunnelHistory(join(promDir, 'data'), { endMs: Date.now(), locks: options.locks ?? 20_000 });
        log(`Backfilled a week of funnel history (${funnelHistory.samples} samples) in ${(funnelHistory.ms / 1000).toFixed(1)} s.`);
      } catch (e) {
        log(e instanceof Error ? e.message : String(e));
      }
    }
    const prometheus: RealServer = await startPrometheus({
      dir: promDir,
      configYaml: prometheusConfigYaml({
        demoTarget: new URL(demo.url).host,
        alertmanagerTarget: new URL(alertmanager.url).host,
        rulesFile: 'rules.yml',
        timing,
      }),
      rulesYaml: rulesYaml(timing, policy),
      extraArgs: fast ? ['--rules.alert.resend-delay=1s'] : [],
      onLine: serverLog('prometheus'),
    });
    started.push(prometheus);

    const urls = { demo: demo.url, prometheus: prometheus.url, alertmanager: alertmanager.url, webhooks: webhooks.url };
    const stopServer = (name: 'prometheus' | 'alertmanager') => (name === 'prometheus' ? prometheus : alertmanager).stop();
    return { urls, sources: stackSources(urls), webhooks, policy, incidentQuietSeconds: timing.incidentQuietSeconds, stopServer, stop: stopAll, funnelHistory };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The console's sources for a running stack: traces, logs and deploys come from the demo fleet's own APIs. */
export function stackSources(urls: { demo: string; prometheus: string; alertmanager: string }): SourceConfig[] {
  return [
    { id: 'prometheus', name: 'Prometheus (local stack)', kind: 'prometheus', url: urls.prometheus },
    { id: 'alertmanager', name: 'Alertmanager (local stack)', kind: 'alertmanager', url: urls.alertmanager },
    { id: 'loki', name: 'Logs (demo fleet, Loki API)', kind: 'loki', url: urls.demo },
    { id: 'zipkin', name: 'Traces (demo fleet, Zipkin API)', kind: 'zipkin', url: urls.demo },
    { id: 'deployer', name: 'Deployer (demo fleet)', kind: 'deployer-http', url: urls.demo },
  ].map((source) => SourceConfigSchema.parse(source));
}

/** The person a level's receiver pages now: the target person, or whoever is on call in its schedule. */
function whoIsPaged(policy: EscalationPolicy, receiver: string, now: number): string | undefined {
  const level = policy.levels.find((l) => receiverName(policy, l) === receiver);
  if (!level) return undefined;
  if (level.target.kind === 'person') return level.target.person;
  if (level.target.kind !== 'schedule') return undefined;
  const wanted = level.target.schedule;
  const schedule = policy.schedules.find((s) => s.id === wanted);
  const onCall = schedule ? onCallAt(schedule, now) : undefined;
  return onCall ? `${onCall.person} (on call in ${wanted})` : `nobody on call in ${wanted}`;
}

function freshDir(dataDir: string, name: string): string {
  const dir = join(dataDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
