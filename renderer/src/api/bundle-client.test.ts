import { describe, expect, it } from 'vitest';
import { type EventOf, LockstepApiError } from '../../../shared/api/contract';
import { sampleBundle } from '../test/fixtures';
import { createBundleClient } from './bundle-client';

describe('createBundleClient', () => {
  const client = () => createBundleClient(sampleBundle(), 'inc-1.lockstep.json');

  it('reports an offline, read-only session with the bundle dashboard', async () => {
    const session = await client().call('getSession', {});
    expect(session).toMatchObject({ mode: 'bundle', host: 'offline', readOnly: true, defaultActor: 'mia' });
    expect(session.dashboard.id).toBe('war-room');
  });

  it('answers live queries from panel data, as events after the reply', async () => {
    const c = client();
    const seen: EventOf<'queryResult'>[] = [];
    c.on('queryResult', (e) => seen.push(e));
    const reply = await c.call('setLiveQueries', {
      queries: [
        { id: 'online/A', expr: 'city:lock_online:ratio', rangeSeconds: 600, stepSeconds: 5, refreshSeconds: 5 },
        { id: 'funnel/A', expr: 'step:x:rate1m', rangeSeconds: 600, stepSeconds: 5, refreshSeconds: 5 },
      ],
    });
    expect(reply.accepted).toBe(2);
    await Promise.resolve();
    expect(seen.map((e) => e.queryId)).toEqual(['online/A', 'funnel/A']);
    expect(seen[0]?.result?.series[0]?.values).toEqual([0.9, null]);
    expect(seen[1]?.result).toBeUndefined();
    expect(seen[1]?.error).toMatch(/no data/);
  });

  it('answers queryRange by expression and lists from the bundle', async () => {
    const c = client();
    expect((await c.call('queryRange', { expr: 'city:lock_online:ratio', start: 0, end: 1, stepSeconds: 5 })).series).toHaveLength(1);
    await expect(c.call('queryRange', { expr: 'other', start: 0, end: 1, stepSeconds: 5 })).rejects.toMatchObject({ code: 'not_found' });
    expect((await c.call('listAlerts', {})).alerts).toHaveLength(2);
    expect((await c.call('listIncidents', {})).incidents[0]?.id).toBe('inc-1');
    expect((await c.call('listDeployments', {})).deployments[0]?.active).toBe('green');
    const logs = await c.call('queryLogs', { query: 'x', start: 0, end: 1, limit: 1 });
    expect(logs.lines.map((l) => l.message)).toEqual(['newer']);
  });

  it('opens bundled traces and says clearly when one is missing', async () => {
    const c = client();
    expect((await c.call('getTrace', { traceId: 'ABC123' })).spans).toHaveLength(2);
    const error = await c.call('getTrace', { traceId: 'ffff' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockstepApiError);
    expect((error as LockstepApiError).code).toBe('not_found');
    expect((error as LockstepApiError).message).toMatch(/not in this incident file/);
  });

  it('refuses every action as read only', async () => {
    const c = client();
    const key = 'k'.repeat(10);
    await expect(c.call('acknowledgeAlert', { fingerprint: 'fp1', author: 'a', comment: 'c', durationMinutes: 30, idempotencyKey: key })).rejects.toMatchObject({ code: 'read_only' });
    await expect(c.call('rollback', { incidentId: 'inc-1', service: 's', targetColor: 'blue', author: 'a', confirmed: true, idempotencyKey: key })).rejects.toMatchObject({ code: 'read_only' });
    await expect(c.call('exportIncident', { incidentId: 'inc-1', exportedBy: 'a' })).rejects.toMatchObject({ code: 'read_only' });
  });
});
