import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/model/incident';
import { blindText, alertingBlockedReason } from '../alerts/alerting-health';
import { visibleIncidents } from '../store/incidents-slice';

const incident = (id: string, severity: Incident['severity'], status: Incident['status'], openedAt: number): Incident => ({ id, title: id, severity, status, openedAt, alerts: [] });
const list = [incident('old-crit', 'critical', 'open', 1), incident('new-warn', 'warning', 'open', 3), incident('done', 'critical', 'resolved', 4), incident('mid-crit', 'critical', 'open', 2)];

describe('the incident list', () => {
  it('puts open incidents first, worst first or newest first', () => {
    expect(visibleIncidents(list, { status: 'all', severity: 'all' }, 'severity').map((i) => i.id)).toEqual(['mid-crit', 'old-crit', 'new-warn', 'done']);
    expect(visibleIncidents(list, { status: 'all', severity: 'all' }, 'age').map((i) => i.id)).toEqual(['new-warn', 'mid-crit', 'old-crit', 'done']);
  });

  it('filters by status and severity', () => {
    expect(visibleIncidents(list, { status: 'open', severity: 'critical' }, 'age').map((i) => i.id)).toEqual(['mid-crit', 'old-crit']);
  });

  it('says blind with since and why, and blocks acknowledging only when Alertmanager itself is down', () => {
    expect(blindText({ blind: false, reasons: [] })).toBeUndefined();
    expect(blindText({ blind: true, since: Date.UTC(2026, 0, 1, 3, 4), reasons: ['Alertmanager has no Watchdog alert'] })).toMatch(/^Alerting is blind since \d\d:\d\d(:\d\d)?: Alertmanager has no Watchdog alert$/);
    expect(alertingBlockedReason({ blind: true, reasons: ['no Watchdog'] }, undefined)).toBeUndefined();
    expect(alertingBlockedReason({ blind: true, reasons: ['x'], alertSourceDown: true }, undefined)).toMatch(/Alertmanager is not answering/);
  });
});
