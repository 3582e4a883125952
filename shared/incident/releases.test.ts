import { describe, expect, it } from 'vitest';
import { type Deployment, DeploymentSchema } from '../model/deploy';
import { correlate, type GroupNode } from './correlate';
import { releasesOf } from './releases';

const config = {
  groupBy: ['service'],
  callGraph: { 'app-gateway': ['ride-service'], 'ride-service': ['lock-service'], 'lock-service': ['iot-gateway'] },
  symptoms: {},
  placeLabels: [],
  releaseLabels: [],
};
const t0 = 1_000_000_000;
const group = (service: string, startsAt: number): GroupNode => ({ key: `service=${service}`, labels: { service }, alertnames: ['ServiceErrorRateHigh'], startsAt, severity: 2 });
// A bad lock-service release: lock-service fails first, then what it calls and what calls it.
const groups = [group('lock-service', t0), group('iot-gateway', t0 + 10_000), group('ride-service', t0 + 12_000), group('app-gateway', t0 + 13_000)];

describe('a release names the probable cause', () => {
  it('without release facts, the deepest failing dependency is the cause', () => {
    const [cluster] = correlate(groups, [], config);
    expect(cluster!.keys).toHaveLength(4);
    expect(cluster!.cause).toBe('service=iot-gateway');
  });

  it('a service released just before it failed is the cause, not the dependency it calls', () => {
    const [cluster] = correlate(groups, [], config, [{ service: 'lock-service', at: t0 - 60_000, version: '1.19.0' }]);
    expect(cluster!.keys).toHaveLength(4);
    expect(cluster!.cause).toBe('service=lock-service');
    expect(cluster!.reasons).toContain('lock-service calls iot-gateway; lock-service was released (1.19.0) just before it failed');
  });

  it('a release long before, or after the failure, names nothing', () => {
    expect(correlate(groups, [], config, [{ service: 'lock-service', at: t0 - 31 * 60_000 }])[0]!.cause).toBe('service=iot-gateway');
    expect(correlate(groups, [], config, [{ service: 'lock-service', at: t0 + 5 * 60_000 }])[0]!.cause).toBe('service=iot-gateway');
  });

  it('reads releases from the deployer’s history, leaving switch-backs (rollbacks) out', () => {
    const deployment: Deployment = DeploymentSchema.parse({
      service: 'lock-service',
      active: 'blue',
      colors: { blue: { version: '1.18.4' }, green: { version: '1.19.0' } },
      switchedAt: t0 + 120_000,
      history: [
        { at: t0 - 60_000, from: 'blue', to: 'green', version: '1.19.0', fromVersion: '1.18.4' },
        { at: t0 + 120_000, from: 'green', to: 'blue', version: '1.18.4', fromVersion: '1.19.0' },
      ],
    });
    expect(releasesOf([deployment])).toEqual([{ service: 'lock-service', at: t0 - 60_000, version: '1.19.0' }]);
  });
});
