import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope, RpcReply } from '../../shared';
import type { DataSource } from '../datasources/types';
import type { ClientSession } from './client';
import { servicesFrom } from './create-services';
import { firingAlert } from '../../testing/alerts';

const firing = firingAlert({ source: 'fleet' });

/** One source with every kind of work the services schedule: alert polls, live queries (one slow), deploy polls. */
function fleet() {
  const slowSignals: AbortSignal[] = [];
  let closes = 0;
  const source: DataSource = {
    id: 'fleet',
    kind: 'demo',
    name: 'Fleet',
    alerts: {
      listAlerts: async () => [firing],
      listSilences: async () => [],
      createSilence: async () => ({ silenceId: 's1' }),
    },
    metrics: {
      queryRange(request, signal) {
        if (request.expr !== 'slow') return Promise.resolve({ series: [], fetchedAt: request.end, warnings: [] });
        slowSignals.push(signal!);
        return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      },
    },
    deploys: {
      listDeployments: async () => [],
      switchTraffic: async () => {
        throw new Error('not in this test');
      },
    },
    async close() {
      closes++;
    },
  };
  return { source, slowSignals, closes: () => closes };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('closing the services', () => {
  it('leaves nothing subscribed, scheduled or open', async () => {
    const { source, slowSignals, closes } = fleet();
    const services = servicesFrom([source], { mode: 'custom', alertPollSeconds: 1 }, {
      dataDir: mkdtempSync(join(tmpdir(), 'lockstep-close-')),
      version: 't',
      defaultActor: 'tester',
      now: () => 1_000_000,
    });
    const events: EventEnvelope[] = [];
    const client: ClientSession = { id: 'desk', send: (e) => events.push(e) };
    const heard: EventEnvelope[] = [];
    services.onEvent((e) => heard.push(e));
    services.attach(client);
    const call = async (method: 'setLiveQueries' | 'acknowledgeAlert' | 'listIncidents', request: unknown) => {
      const reply: RpcReply = await services.handle(method, request, client);
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value as never;
    };
    const live = (id: string, expr: string) => ({ id, expr, rangeSeconds: 600, stepSeconds: 15, refreshSeconds: 5 });
    await call('setLiveQueries', { queries: [live('p1/A', 'up'), live('p2/A', 'slow')] });
    await vi.advanceTimersByTimeAsync(10_000);
    const kinds = new Set(events.map((e) => e.event));
    expect(kinds).toEqual(new Set(['alerts', 'incidents', 'notification', 'queryResult', 'deployments', 'sourceStatus', 'actions']));
    expect(vi.getTimerCount()).toBeGreaterThan(0);

    await services.close();
    await services.close();

    expect(vi.getTimerCount()).toBe(0);
    expect(slowSignals.length).toBeGreaterThan(0);
    expect(slowSignals.every((s) => s.aborted)).toBe(true);
    expect(closes()).toBe(1);

    const seen = events.length;
    const heardBefore = heard.length;
    // A request that finishes after close (here: one that starts after it) changes the
    // incident's timeline; with every subscription released, nobody is told.
    const ack = (await call('acknowledgeAlert', { fingerprint: 'f1', author: 'ana', comment: 'on it', durationMinutes: 30, idempotencyKey: 'ack-after-close' })) as { status: string };
    expect(ack.status).toBe('succeeded');
    const { timeline } = (await call('listIncidents', {})) as { timeline: { kind: string }[] };
    expect(timeline.map((e) => e.kind)).toContain('acknowledged');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events.length).toBe(seen);
    expect(heard.length).toBe(heardBefore);
    expect(vi.getTimerCount()).toBe(0);
  });
});
