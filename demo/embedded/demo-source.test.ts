import { describe, expect, it } from 'vitest';
import { TraceSchema } from '../../shared';
import { createDemoSource } from './demo-source';
import { SourceError } from '../../services/datasources/types';

const T0 = Date.UTC(2024, 5, 3, 2, 0, 0);
const config = { id: 'demo', kind: 'demo' as const, name: 'Demo fleet', locks: 10_000, seed: 3, scheduledIncidents: false };

describe('createDemoSource', () => {
  it('offers all five capabilities over the embedded fleet', async () => {
    const clock = { now: T0 };
    const source = createDemoSource(config, { now: () => clock.now, autoStart: false });
    try {
      expect(source.kind).toBe('demo');
      const m = await source.metrics!.queryRange({ expr: 'service:http_server_errors:ratio_rate1m{service="lock-service"}', start: T0 - 10 * 60_000, end: T0, stepSeconds: 60 });
      expect(m.series).toHaveLength(1);
      expect(m.series[0]!.values.filter((v) => v !== null).length).toBeGreaterThan(5);
      await expect(source.metrics!.queryRange({ expr: 'up', start: T0 - 60_000, end: T0, stepSeconds: 15 })).rejects.toBeInstanceOf(SourceError);

      const logs = await source.logs!.queryLogs({ query: '{service="lock-service"}', start: T0 - 120_000, end: T0, limit: 20 });
      expect(logs.lines.length).toBeGreaterThan(0);
      expect(logs.lines[0]!.time).toBeGreaterThanOrEqual(logs.lines.at(-1)!.time); // newest first
      const withTrace = logs.lines.find((l) => l.traceId)!;
      const trace = await source.traces!.getTrace(withTrace.traceId!);
      expect(TraceSchema.parse(trace).traceId).toBe(withTrace.traceId);
      const server = trace.spans.find((s) => s.service === 'lock-service' && s.kind === 'server');
      expect(server?.rpc?.cs).toBeLessThan(server!.rpc!.sr!);
      await expect(source.traces!.getTrace('00000000000000ff')).rejects.toMatchObject({ kind: 'not_found' });
      await expect(source.logs!.queryLogs({ query: 'rate({a="b"}[1m])', start: 0, end: T0, limit: 5 })).rejects.toBeInstanceOf(SourceError);

      source.fleet.triggerIncident('bad-release');
      clock.now += 90_000;
      const alerts = await source.alerts!.listAlerts();
      const lockAlert = alerts.find((a) => a.labels.service === 'lock-service');
      expect(lockAlert).toMatchObject({ state: 'firing', source: 'demo' });
      expect(lockAlert!.acknowledgement).toBeUndefined();
      const { silenceId } = await source.alerts!.createSilence({
        matchers: [{ name: 'alertname', value: 'ServiceErrorRateHigh', isRegex: false, isEqual: true }],
        startsAt: clock.now,
        endsAt: clock.now + 600_000,
        createdBy: 'me',
        comment: 'ack',
      });
      expect((await source.alerts!.listAlerts()).find((a) => a.fingerprint === lockAlert!.fingerprint)!.silencedBy).toEqual([silenceId]);
      expect(await source.alerts!.listSilences()).toHaveLength(1);

      const deployments = await source.deploys!.listDeployments();
      expect(deployments.find((d) => d.service === 'lock-service')!.active).toBe('green');
      const rolledBack = await source.deploys!.switchTraffic('lock-service', 'blue');
      expect(rolledBack.active).toBe('blue');
      expect(source.fleet.activeIncidents()).toHaveLength(0);
      await expect(source.deploys!.switchTraffic('nope', 'blue')).rejects.toMatchObject({ kind: 'not_found' });
    } finally {
      await source.close?.();
    }
  });
});

describe('createDemoSource startIncidents', () => {
  it('starts the named incidents at once (npm start -- --incident gateway-partition)', () => {
    const source = createDemoSource({ ...config, startIncidents: ['gateway-partition'] }, { now: () => T0, autoStart: false });
    try {
      expect(source.fleet.activeIncidents().map((i) => i.name)).toEqual(['gateway-partition']);
    } finally {
      void source.close?.();
    }
  });

  it('opens mid-incident when asked to have started them earlier: the history already shows it', async () => {
    const source = createDemoSource({ ...config, startIncidents: ['gateway-partition'], startIncidentsAgoSeconds: 240 }, { now: () => T0, autoStart: false });
    try {
      const [incident] = source.fleet.activeIncidents();
      expect(incident).toMatchObject({ name: 'gateway-partition', startedAt: T0 - 240_000 });
      const city = /in (\w+) partitioned/.exec(incident!.detail)![1]!;
      const online = await source.metrics!.queryRange({ expr: 'city:lock_online:ratio', start: T0 - 5 * 60_000, end: T0, stepSeconds: 15 });
      const last = (c: string) => online.series.find((s) => s.labels.city === c)!.values.at(-1)!;
      const before = (c: string) => online.series.find((s) => s.labels.city === c)!.values[0]!;
      // Online before the cut, offline by now; the other cities untouched.
      expect(before(city)).toBeGreaterThan(0.9);
      expect(last(city)).toBeLessThan(0.05);
      for (const other of online.series.map((s) => s.labels.city!).filter((c) => c !== city)) expect(last(other)).toBeGreaterThan(0.9);
    } finally {
      void source.close?.();
    }
  });
});
