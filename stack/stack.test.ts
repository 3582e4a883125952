import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherColor } from '../shared';
import { createAlertmanagerSource } from '../services/datasources/alertmanager';
import { createDeployerHttpSource } from '../services/datasources/deployer-http';
import { createPrometheusSource } from '../services/datasources/prometheus';
import { skipUnlessInstalled } from './process/binaries';
import { waitFor } from '../testing/wait-for';
import type { SourceConfigOf } from '../services/config/sources';
import { startStack, type Stack } from './start-stack';

const demoMissing = !existsSync(join(process.cwd(), 'demo', 'cli.ts'));
if (demoMissing) console.warn('SKIPPED the local stack test: demo/cli.ts (the demo fleet) does not exist yet');
const skip = demoMissing || skipUnlessInstalled(['prometheus', 'alertmanager'], 'the local stack test');

function sourceOf<K extends 'prometheus' | 'alertmanager' | 'deployer-http'>(stack: Stack, kind: K): SourceConfigOf<K> {
  const config = stack.sources.find((s) => s.kind === kind);
  if (!config) throw new Error(`the stack has no ${kind} source`);
  return config as SourceConfigOf<K>;
}

describe.skipIf(skip)('the local real stack, fast mode', () => {
  let stack: Stack;
  let dataDir: string;
  const lines: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lockstep-stack-'));
    stack = await startStack({ fast: true, locks: 2_000, scheduledIncidents: false, dataDir, log: (line) => lines.push(line) });
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives the console a source of each kind, pointing at the stack', () => {
    expect(stack.sources.map((s) => s.kind).sort()).toEqual(['alertmanager', 'deployer-http', 'loki', 'prometheus', 'zipkin']);
    expect(sourceOf(stack, 'prometheus').url).toBe(stack.urls.prometheus);
    expect(stack.sources.find((s) => s.kind === 'zipkin')?.url).toBe(stack.urls.demo);
  });

  it('bad-release fires ServiceErrorRateHigh for lock-service, and switching back resolves it', async () => {
    const prometheus = createPrometheusSource(sourceOf(stack, 'prometheus'));
    const alertmanager = createAlertmanagerSource(sourceOf(stack, 'alertmanager'));
    const deployer = createDeployerHttpSource(sourceOf(stack, 'deployer-http'));

    await waitFor('Prometheus to scrape the demo fleet', async () => {
      const end = Date.now();
      const result = await prometheus.metrics!.queryRange({ expr: 'up{job="demo-fleet"} == 1', start: end - 10_000, end, stepSeconds: 1 });
      return result.series.length === 1 ? true : undefined;
    });

    const trigger = await fetch(`${stack.urls.demo}/api/incidents/bad-release`, { method: 'POST' });
    expect(trigger.ok).toBe(true);

    const isLockErrors = (a: { name: string; labels: Record<string, string> }) =>
      a.name === 'ServiceErrorRateHigh' && a.labels.service === 'lock-service';
    const firing = await waitFor('ServiceErrorRateHigh{service="lock-service"} in Alertmanager', async () => {
      return (await alertmanager.alerts!.listAlerts()).find(isLockErrors);
    }, { timeoutMs: 90_000, intervalMs: 1_000 });
    expect(firing).toMatchObject({ severity: 'critical', state: 'firing', source: 'alertmanager' });
    expect(firing.annotations.summary).toMatch(/^lock-service is failing \d/);

    const paged = await waitFor('the page to escalation level A', async () =>
      stack.webhooks.notifications.find((n) => n.path === 'escalation-a' && n.payload.status === 'firing' && n.payload.alerts.some((a) => isLockErrors({ name: a.labels.alertname ?? '', labels: a.labels }))),
    { timeoutMs: 20_000 });
    expect(paged.payload.receiver).toBe('escalation-a');
    expect(lines.some((line) => line.startsWith('[alertmanager → escalation-a] FIRING ServiceErrorRateHigh{service="lock-service"}'))).toBe(true);

    const before = (await deployer.deploys!.listDeployments()).find((d) => d.service === 'lock-service');
    expect(before).toBeDefined();
    const rolledBack = await deployer.deploys!.switchTraffic('lock-service', otherColor(before!.active));
    expect(rolledBack.active).toBe(otherColor(before!.active));

    await waitFor('ServiceErrorRateHigh{service="lock-service"} to resolve', async () => {
      return (await alertmanager.alerts!.listAlerts()).some(isLockErrors) ? undefined : true;
    }, { timeoutMs: 90_000, intervalMs: 1_000 });
  }, 240_000);
});
