import { describe, expect, it } from 'vitest';
import { SourceSet } from '../datasources/source-set';
import { SourceError, type DataSource } from '../datasources/types';
import { PrometheusProbe } from './prometheus-probe';

function prometheus(answer: () => boolean): { source: DataSource; asked: string[] } {
  const asked: string[] = [];
  const source: DataSource = {
    id: 'prom',
    kind: 'prometheus',
    name: 'Prometheus',
    metrics: {
      queryRange: async (request) => {
        asked.push(request.expr);
        if (!answer()) throw new SourceError('prom', 'cannot reach 127.0.0.1:9090: connection refused (is it running?)', 'unreachable');
        return { series: [], fetchedAt: 1, warnings: [] };
      },
    },
  };
  return { source, asked };
}

describe('the Prometheus probe', () => {
  it('says alerting is blind after two failed probes in a row, and clears on the first answer', async () => {
    let up = true;
    const { source, asked } = prometheus(() => up);
    const probe = new PrometheusProbe(new SourceSet([source]), new Set(['prom']), () => 1_000_000);
    const names = () => 'Prometheus (local stack)';
    await probe.probeAll();
    expect(asked).toEqual(['vector(1)']);
    expect(probe.reasons(names)).toEqual([]);
    up = false;
    await probe.probeAll();
    expect(probe.reasons(names)).toEqual([]);
    await probe.probeAll();
    expect(probe.reasons(names)).toEqual(['Prometheus (local stack) does not answer: cannot reach 127.0.0.1:9090: connection refused (is it running?)']);
    up = true;
    await probe.probeAll();
    expect(probe.reasons(names)).toEqual([]);
  });

  it('asks nothing when there is no Prometheus, and nothing after it is stopped', async () => {
    const { source, asked } = prometheus(() => true);
    const none = new PrometheusProbe(new SourceSet([source]), new Set(), () => 0, 5);
    none.start();
    const probe = new PrometheusProbe(new SourceSet([source]), new Set(['prom']), () => 0, 5);
    probe.start();
    await new Promise((r) => setTimeout(r, 30));
    probe.stop();
    const count = asked.length;
    expect(count).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(asked.length).toBe(count);
    none.stop();
  });
});
