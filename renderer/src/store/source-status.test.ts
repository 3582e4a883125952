import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../../shared/api/session';
import { mergeSourceStatus, sourceProblems } from './source-status';

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
});
