import { afterEach, describe, expect, it } from 'vitest';
import type { EventEnvelope, QueryRangeRequest } from '../../shared';
import type { ClientSession } from '../core/client';
import { SourceSet } from '../datasources/source-set';
import { type DataSource, SourceError } from '../datasources/types';

import { LiveQueryHub } from './live-queries';

const calls: QueryRangeRequest[] = [];
const source: DataSource = {
  id: 'prom',
  kind: 'prometheus',
  name: 'Prometheus',
  metrics: {
    async queryRange(request) {
      calls.push(request);
      if (request.expr === 'broken') throw new SourceError('prom', 'Prometheus rejected the query: parse error');
      return { series: [{ name: request.expr, labels: {}, times: [request.end], values: [1] }], fetchedAt: 1, warnings: [] };
    },
  },
};

const hub = new LiveQueryHub(new SourceSet([source]), () => 1_000_000);
afterEach(() => {
  hub.close();
  calls.length = 0;
});

function client(id: string) {
  const events: EventEnvelope[] = [];
  const session: ClientSession = { id, send: (e) => events.push(e) };
  return { session, events };
}
const settle = () => new Promise((r) => setTimeout(r, 50));
const query = (id: string, expr: string) => ({ id, expr, rangeSeconds: 600, stepSeconds: 15, refreshSeconds: 60 });

describe('LiveQueryHub', () => {
  it('answers each live query; a broken one degrades alone, with its reason', async () => {
    const { session, events } = client('a');
    hub.set(session, [query('p1/A', 'up'), query('p2/A', 'broken')]);
    await settle();
    const byId = new Map(events.map((e) => [(e.payload as { queryId: string }).queryId, e.payload as { result?: unknown; error?: string }]));
    expect(byId.get('p1/A')?.result).toMatchObject({ series: [{ name: 'up' }] });
    expect(byId.get('p2/A')).toMatchObject({ error: 'Prometheus rejected the query: parse error' });
  });

  it('aligns the window to the step and shares one backend request between two consoles', async () => {
    const desk = client('desk');
    const wall = client('wall');
    hub.set(desk.session, [query('p1/A', 'shared')]);
    hub.set(wall.session, [query('p1/A', 'shared')]);
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.end % 15_000).toBe(0);
    expect(calls[0]!.end - calls[0]!.start).toBe(600_000);
    expect(desk.events).toHaveLength(1);
    expect(wall.events).toHaveLength(1);
  });

  it('stops delivering to a client whose queries were cleared', async () => {
    const { session, events } = client('gone');
    hub.set(session, [query('p1/A', 'cleared')]);
    hub.clear('gone');
    await settle();
    expect(events).toHaveLength(0);
  });
});
