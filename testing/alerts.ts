import type { Alert } from '../shared';

/** A firing critical alert as Alertmanager would report it; tests override what they are about. */
export function firingAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint: 'f1',
    name: 'ServiceErrorRateHigh',
    severity: 'critical',
    state: 'firing',
    startsAt: 1,
    labels: { alertname: 'ServiceErrorRateHigh', service: 'lock-service', severity: 'critical' },
    annotations: { summary: 'lock-service is failing 30% of requests' },
    silencedBy: [],
    source: 'am',
    ...overrides,
  };
}
