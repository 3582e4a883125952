import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../../shared/api/session';
import { alertSourceDetails, mergeSourceStatus, sourceProblems, sourceWarnings } from './source-status';

const status = (source: string, state: SourceStatus['state'], at: number, message = state === 'ok' ? '' : 'it failed'): SourceStatus => ({ source, state, message, at });

describe('source status in the store', () => {
  it('keeps per source the status that began last, whichever arrived first', () => {
    const known = mergeSourceStatus({}, [status('am', 'down', 20)]);
    expect(mergeSourceStatus(known, [status('am', 'ok', 10), status('prom', 'ok', 5)])).toEqual({ am: status('am', 'down', 20), prom: status('prom', 'ok', 5) });
    expect(mergeSourceStatus(known, [status('am', 'ok', 30)]).am?.state).toBe('ok');
  });

  it('lists the sources that are not ok, down first, by name', () => {
    const statuses = { am: status('am', 'degraded', 1), prom: status('prom', 'down', 2), loki: status('loki', 'ok', 3), zip: status('zip', 'down', 4) };
    const sources = [
      { id: 'am', kind: 'alertmanager' as const, name: 'Alertmanager', signals: ['alerts' as const] },
      { id: 'prom', kind: 'prometheus' as const, name: 'Prometheus', signals: ['metrics' as const] },
    ];
    expect(sourceProblems(statuses, sources).map((p) => [p.name, p.state])).toEqual([
      ['Prometheus', 'down'],
      ['zip', 'down'],
      ['Alertmanager', 'degraded'],
    ]);
  });

  it('says what each alert source reports of itself, by name, for the alerting chip', () => {
    const sources = [
      { id: 'amc', kind: 'alertmanager' as const, name: 'EU Alertmanager', signals: ['alerts' as const] },
      { id: 'prom', kind: 'prometheus' as const, name: 'Prometheus', signals: ['metrics' as const] },
      { id: 'us', kind: 'alertmanager' as const, name: 'US Alertmanager', signals: ['alerts' as const] },
    ];
    const statuses = {
      amc: { ...status('amc', 'ok', 1), detail: 'Alertmanager 0.25.0, cluster ready, 2 peers; all 2 members answer' },
      prom: { ...status('prom', 'ok', 1), detail: 'not an alert source' },
      us: status('us', 'ok', 1),
    };
    expect(alertSourceDetails(statuses, sources)).toBe('EU Alertmanager: Alertmanager 0.25.0, cluster ready, 2 peers; all 2 members answer');
    expect(alertSourceDetails({ us: status('us', 'ok', 1) }, sources)).toBeUndefined();
  });
});

describe('standing source warnings', () => {
  it('lists each warning once, by source name, whatever the state', () => {
    const sources = [
      { id: 'z', kind: 'prometheus' as const, name: 'Zurich Prometheus', signals: ['metrics' as const] },
      { id: 'a', kind: 'alertmanager' as const, name: 'Alertmanager', signals: ['alerts' as const] },
    ];
    const off = (name: string) => `TLS verification is OFF for ${name}: anyone on the path can read and change its answers`;
    const statuses = {
      z: { ...status('z', 'ok', 1), warning: off('Zurich Prometheus') },
      a: { ...status('a', 'down', 1), warning: off('Alertmanager') },
      l: status('l', 'ok', 1),
    };
    expect(sourceWarnings(statuses, sources)).toEqual([off('Alertmanager'), off('Zurich Prometheus')]);
    expect(sourceWarnings({ l: status('l', 'degraded', 1) }, sources)).toEqual([]);
  });
});
