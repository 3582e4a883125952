import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope, SourceStatus } from '../../shared';
import { type DataSource, SourceError } from '../datasources/types';
import type { ClientSession } from './client';
import { servicesFrom } from './create-services';
import type { LockstepServices } from './lockstep-services';

let services: LockstepServices | undefined;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await services?.close();
  vi.useRealTimers();
});

describe('source status from the services', () => {
  it('is told when a source changes state, not on every poll, and a newly attached console gets it at once', async () => {
    let clock = 1_000_000;
    let reachable = true;
    const answer = <T>(value: T): T => {
      if (!reachable) throw new SourceError('am', 'cannot reach 127.0.0.1:9093: connection refused (is it running?)', 'unreachable');
      return value;
    };
    const am: DataSource = {
      id: 'am',
      kind: 'alertmanager',
      name: 'Alertmanager',
      alerts: {
        listAlerts: async () => answer([]),
        listSilences: async () => answer([]),
        createSilence: async () => ({ silenceId: 's' }),
      },
    };
    services = servicesFrom([am], { mode: 'custom', alertPollSeconds: 1 }, {
      dataDir: mkdtempSync(join(tmpdir(), 'lockstep-status-')),
      version: 't',
      defaultActor: 'tester',
      now: () => clock,
    });
    const desk: EventEnvelope[] = [];
    services.attach({ id: 'desk', send: (e) => desk.push(e) });
    const statuses = (events: EventEnvelope[]) => events.filter((e) => e.event === 'sourceStatus').map((e) => e.payload as SourceStatus);
    const tick = async (n: number) => {
      for (let i = 0; i < n; i++) {
        clock += 1000;
        await vi.advanceTimersByTimeAsync(1000);
      }
    };

    await tick(5);
    expect(statuses(desk).map((s) => s.state)).toEqual(['ok']);

    reachable = false;
    await tick(30);
    expect(statuses(desk).map((s) => s.state)).toEqual(['ok', 'degraded', 'down']);
    const down = statuses(desk).at(-1)!;
    expect(down).toMatchObject({ source: 'am', message: 'alerts: cannot reach 127.0.0.1:9093: connection refused (is it running?)' });
    expect(down.lastSuccessAt).toBeLessThan(down.at);

    const wall: EventEnvelope[] = [];
    const client: ClientSession = { id: 'wall', send: (e) => wall.push(e) };
    services.attach(client);
    expect(statuses(wall)).toEqual([expect.objectContaining({ source: 'am', state: 'down' })]);
    expect(services.session('web').sourceStatus).toEqual([expect.objectContaining({ source: 'am', state: 'down' })]);

    reachable = true;
    await tick(40);
    expect(statuses(desk).map((s) => s.state)).toEqual(['ok', 'degraded', 'down', 'degraded', 'ok']);
  });
});
