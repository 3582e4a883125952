import { describe, expect, it } from 'vitest';
import { LockstepApiError, type SourceStatus } from '../../shared';
import { type DataSource, SourceError } from '../datasources/types';
import { observeSource } from './observed-source';
import { SourceHealth } from './source-health';

function tracked() {
  let clock = 1_000_000;
  const health = new SourceHealth(() => clock);
  const changes: SourceStatus[] = [];
  health.onChange((s) => changes.push(s));
  return { health, changes, advance: (ms: number) => (clock += ms), now: () => clock };
}

const refused = new SourceError('am', 'cannot reach 127.0.0.1:9093: connection refused (is it running?)', 'unreachable');

describe('SourceHealth', () => {
  it('tells a change of state once, not every call', () => {
    const { health, changes, advance } = tracked();
    health.answered('am');
    advance(5000);
    health.answered('am');
    expect(changes.map((c) => c.state)).toEqual(['ok']);

    advance(30_000);
    health.failed('am', 'alerts', refused);
    advance(5000);
    health.failed('am', 'alerts', refused);
    expect(changes.map((c) => c.state)).toEqual(['ok', 'down']);
    expect(changes[1]).toMatchObject({
      source: 'am',
      message: 'alerts: cannot reach 127.0.0.1:9093: connection refused (is it running?)',
      lastSuccessAt: 1_005_000,
    });
  });

  it('reads one failing call among answers as degraded, steadily, then ok once failures stop', () => {
    const { health, changes, advance, now } = tracked();
    for (let i = 0; i < 5; i++) {
      health.answered('prom');
      health.failed('prom', 'metrics', new SourceError('prom', 'prom did not answer within 15 s', 'timeout'));
      health.answered('prom');
      advance(5000);
    }
    expect(changes.map((c) => c.state)).toEqual(['ok', 'degraded']);
    expect(health.current()).toEqual([expect.objectContaining({ state: 'degraded', message: 'metrics: prom did not answer within 15 s', lastSuccessAt: now() - 5000 })]);
    advance(30_000);
    health.answered('prom');
    expect(changes.map((c) => c.state)).toEqual(['ok', 'degraded', 'ok']);
    expect(changes.at(-1)?.message).toBe('');
  });

  it('is down at once for a source that never answered, degraded while it recovers', () => {
    const { health, changes, advance } = tracked();
    health.failed('deployer', 'deploys', refused);
    expect(changes.at(-1)?.state).toBe('down');
    expect(changes.at(-1)?.lastSuccessAt).toBeUndefined();
    advance(10_000);
    health.answered('deployer');
    expect(changes.at(-1)?.state).toBe('degraded');
  });

  it('a source that answered lately is degraded by a failure, down when the failures go on', () => {
    const { health, changes, advance } = tracked();
    health.answered('loki');
    advance(1000);
    health.failed('loki', 'logs', refused);
    expect(changes.at(-1)?.state).toBe('degraded');
    advance(20_000);
    health.failed('loki', 'logs', refused);
    expect(changes.at(-1)?.state).toBe('down');
  });
});

describe('what a source says of itself (an Alertmanager cluster)', () => {
  const memberDown = 'am-2:9093 does not answer (1 of 2 members): cannot reach am-2:9093';

  it('is degraded while it answers but tells of a problem, ok again once the problem is gone, and carries its detail', () => {
    const { health, changes, advance } = tracked();
    health.note('amc', { detail: 'Alertmanager 0.25.0, cluster ready, 2 peers; all 2 members answer' });
    health.answered('amc');
    advance(1000);
    health.note('amc', { detail: 'Alertmanager 0.25.0, cluster ready, 1 peer; answered by am-1:9093 (1 of 2 members)', problem: memberDown });
    health.answered('amc');
    advance(1000);
    health.answered('amc');
    health.note('amc', { detail: 'Alertmanager 0.25.0, cluster ready, 2 peers; all 2 members answer' });
    health.answered('amc');
    expect(changes.map((c) => [c.state, c.message, c.detail])).toEqual([
      ['ok', '', 'Alertmanager 0.25.0, cluster ready, 2 peers; all 2 members answer'],
      ['degraded', memberDown, 'Alertmanager 0.25.0, cluster ready, 1 peer; answered by am-1:9093 (1 of 2 members)'],
      ['ok', '', 'Alertmanager 0.25.0, cluster ready, 2 peers; all 2 members answer'],
    ]);
  });

  it('a new detail alone is told (the peer count moved), the same one is not', () => {
    const { health, changes } = tracked();
    health.note('amc', { detail: 'Alertmanager 0.25.0, cluster settling, 1 peer' });
    health.answered('amc');
    health.answered('amc');
    health.note('amc', { detail: 'Alertmanager 0.25.0, cluster ready, 2 peers' });
    health.answered('amc');
    expect(changes.map((c) => c.detail)).toEqual(['Alertmanager 0.25.0, cluster settling, 1 peer', 'Alertmanager 0.25.0, cluster ready, 2 peers']);
  });

  it('when its calls fail, their error is the message, not the note’s problem', () => {
    const { health, changes } = tracked();
    health.note('amc', { problem: memberDown });
    health.failed('amc', 'alerts', refused);
    expect(changes.at(-1)).toMatchObject({ state: 'down', message: 'alerts: cannot reach 127.0.0.1:9093: connection refused (is it running?)' });
  });
});

describe('observeSource', () => {
  it('reports every capability call, and ignores aborted calls and errors that are not about the source', async () => {
    const { health, changes } = tracked();
    let fail: Error | undefined;
    const source: DataSource = {
      id: 'demo',
      kind: 'demo',
      name: 'Demo',
      metrics: {
        async queryRange(request) {
          if (fail) throw fail;
          return { series: [], fetchedAt: request.end, warnings: [] };
        },
      },
      traces: {
        async getTrace(id) {
          throw new SourceError('demo', `no trace with id ${id}`, 'not_found');
        },
      },
    };
    const observed = observeSource(source, health);
    expect(observed).toMatchObject({ id: 'demo', kind: 'demo', name: 'Demo' });
    const request = { expr: 'up', start: 0, end: 1, stepSeconds: 1 };

    await observed.metrics!.queryRange(request);
    expect(changes.map((c) => c.state)).toEqual(['ok']);

    await expect(observed.traces!.getTrace('abc')).rejects.toThrow(/no trace/);
    fail = new LockstepApiError('not_found', 'There is no data source called "x".');
    await expect(observed.metrics!.queryRange(request)).rejects.toThrow();
    const aborted = new AbortController();
    aborted.abort();
    fail = new Error('This operation was aborted');
    await expect(observed.metrics!.queryRange(request, aborted.signal)).rejects.toThrow();
    expect(changes.map((c) => c.state)).toEqual(['ok']);

    fail = new SourceError('demo', 'demo sent an unexpected answer');
    await expect(observed.metrics!.queryRange(request)).rejects.toThrow();
    expect(changes.at(-1)).toMatchObject({ state: 'degraded', message: 'metrics: demo sent an unexpected answer' });
  });
});

describe('a standing warning (TLS verification off)', () => {
  const off = 'TLS verification is OFF for Prometheus: anyone on the path can read and change its answers';

  it('is told at once, before any call, and stays on every status whatever the state', () => {
    const { health, changes, advance } = tracked();
    health.warn('prom', off);
    expect(changes).toEqual([expect.objectContaining({ source: 'prom', state: 'ok', warning: off })]);
    health.answered('prom');
    advance(1000);
    health.failed('prom', 'metrics', new SourceError('prom', 'prom did not answer within 15 s', 'timeout'));
    expect(changes.at(-1)).toMatchObject({ state: 'degraded', message: 'metrics: prom did not answer within 15 s', warning: off });
    expect(health.current()).toEqual([expect.objectContaining({ warning: off })]);
  });

  it('reaches the health from the source through observeSource', () => {
    const { health } = tracked();
    const observed = observeSource({ id: 'prom', kind: 'prometheus', name: 'Prometheus', warning: off }, health);
    expect(observed.warning).toBe(off);
    expect(health.current()).toEqual([expect.objectContaining({ source: 'prom', state: 'ok', warning: off })]);
  });
});
