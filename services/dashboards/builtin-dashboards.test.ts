import { afterAll, describe, expect, it } from 'vitest';
import { createDemoSource } from '../../demo/index';
import { ALL, interpolate } from '../../shared/dashboards/variables';
import { panelOptions } from '../../shared/model/dashboard';
import { paymentsDashboard } from './payments';
import { serviceHealthDashboard } from './service-health';

/**
 * The shipped Service health and Payments dashboards query only series that exist: every
 * metric target and logs query, with the `service` variable at All and at one service,
 * answers with data from the embedded demo fleet (which, like a Prometheus with the
 * stack's rules, answers the recorded series of shared/rules/lockstep-rules.ts).
 */
const t0 = 1_800_000_000_000;
let now = t0;
const demo = createDemoSource({ id: 'demo', name: 'Demo', kind: 'demo', locks: 2_000, seed: 7, scheduledIncidents: false }, { now: () => now, autoStart: false });
afterAll(() => demo.close?.());

describe('the Service health and Payments dashboards', () => {
  now = t0 + 5 * 60_000;
  demo.embedded.advanceTo(now);
  const window = { start: now - 4 * 60_000, end: now, stepSeconds: 15 };

  for (const dashboard of [serviceHealthDashboard, paymentsDashboard]) {
    for (const selected of [[ALL], ['payment-service']]) {
      it(`${dashboard.id} with service=${selected[0]}: every panel's query answers with data`, async () => {
        const states = { service: { selected, options: ['app-gateway', 'ride-service', 'lock-service', 'iot-gateway', 'payment-service', 'wallet-db'] } };
        const sub = (text: string) => interpolate(text, dashboard.variables, states, { stepSeconds: 15, rangeSeconds: 240 });
        for (const panel of dashboard.panels) {
          for (const target of panel.targets) {
            const result = await demo.metrics!.queryRange({ expr: sub(target.expr), ...window });
            expect(result.series.length, `${panel.id}: ${sub(target.expr)}`).toBeGreaterThan(0);
            if (selected[0] !== ALL && target.expr.includes('$service')) expect(new Set(result.series.map((s) => s.labels.service))).toEqual(new Set(['payment-service']));
          }
          if (panel.kind === 'logs') {
            const query = sub(panelOptions(panel, 'logs').query);
            const logs = await demo.logs!.queryLogs({ query, start: window.start, end: window.end, limit: 50 });
            expect(logs.lines.length, `${panel.id}: ${query}`).toBeGreaterThan(0);
          }
        }
      });
    }
  }

  it('have the ids the wall and the picker name them by, each with a stat and the variable Service health needs', () => {
    expect([serviceHealthDashboard.id, paymentsDashboard.id]).toEqual(['service-health', 'payments']);
    expect(serviceHealthDashboard.variables.map((v) => [v.name, v.includeAll])).toEqual([['service', true]]);
    expect(serviceHealthDashboard.panels.map((p) => p.kind).sort()).toEqual(['deployments', 'logs', 'stat', 'timeseries', 'timeseries', 'timeseries']);
    expect(paymentsDashboard.panels.filter((p) => p.kind === 'stat').map((p) => p.id)).toEqual(['payment-success-now']);
  });
});
