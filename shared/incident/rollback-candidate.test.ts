import { describe, expect, it } from 'vitest';
import type { Deployment } from '../model/deploy';
import type { Incident } from '../model/incident';
import { rollbackCandidate } from './rollback-candidate';

const incident = (service: string | undefined, openedAt = 100 * 60_000): Incident => ({
  id: 'i',
  title: 't',
  service,
  severity: 'critical',
  status: 'open',
  openedAt,
  alerts: [],
});
const both = { blue: { version: '1' }, green: { version: '2' } };

describe('rollbackCandidate', () => {
  it('offers switching back the service released just before the incident, even when the alert names its caller', () => {
    const deployments: Deployment[] = [
      { service: 'ride-service', active: 'blue', colors: both },
      { service: 'lock-service', active: 'green', colors: both, switchedAt: 97 * 60_000 },
    ];
    expect(rollbackCandidate(incident('ride-service'), deployments)).toEqual({
      service: 'lock-service',
      target: 'blue',
      reason: 'lock-service switched to green 3 min before this incident opened',
    });
  });

  it('prefers the incident’s own service when it was switched too', () => {
    const deployments: Deployment[] = [
      { service: 'lock-service', active: 'green', colors: both, switchedAt: 99 * 60_000 },
      { service: 'ride-service', active: 'green', colors: both, switchedAt: 90 * 60_000 },
    ];
    expect(rollbackCandidate(incident('ride-service'), deployments)?.service).toBe('ride-service');
  });

  it('ignores switches long before or after the incident opened, falling back to its own service', () => {
    const deployments: Deployment[] = [
      { service: 'lock-service', active: 'green', colors: both, switchedAt: 10 * 60_000 },
      { service: 'iot-gateway', active: 'blue', colors: both, switchedAt: 101 * 60_000 },
      { service: 'ride-service', active: 'blue', colors: both },
    ];
    expect(rollbackCandidate(incident('ride-service'), deployments)).toMatchObject({ service: 'ride-service', target: 'green' });
  });

  it('offers nothing when there is no other colour to go back to, or no deployment at all', () => {
    expect(rollbackCandidate(incident('x'), [{ service: 'x', active: 'blue', colors: { blue: { version: '1' } } }])).toBeUndefined();
    expect(rollbackCandidate(incident(undefined), [])).toBeUndefined();
  });
});
