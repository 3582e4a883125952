import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert, EventEnvelope, EventOf } from '../../shared';
import type { DataSource } from '../datasources/types';
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

const alert = (fingerprint: string): Alert => ({
  fingerprint,
  name: 'ServiceErrorRateHigh',
  severity: 'critical',
  state: 'firing',
  startsAt: 1_000,
  labels: { alertname: 'ServiceErrorRateHigh', service: `svc-${fingerprint}` },
  annotations: {},
  silencedBy: [],
  source: 'am',
});

describe('alerts events', () => {
  it('carry the list only when it changed; every poll still says how fresh it is, and a console attaching gets it all', async () => {
    let clock = 1_000_000;
    let listed: Alert[] = [alert('a')];
    const am: DataSource = {
      id: 'am',
      kind: 'alertmanager',
      name: 'Alertmanager',
      alerts: { listAlerts: async () => listed, listSilences: async () => [], createSilence: async () => ({ silenceId: 's' }) },
    };
    services = servicesFrom([am], { mode: 'custom', alertPollSeconds: 1 }, { dataDir: mkdtempSync(join(tmpdir(), 'lockstep-alert-events-')), version: 't', defaultActor: 't', now: () => clock });
    const desk: EventEnvelope[] = [];
    services.attach({ id: 'desk', send: (e) => desk.push(e) });
    const alertEvents = (events: EventEnvelope[]) => events.filter((e) => e.event === 'alerts').map((e) => e.payload as EventOf<'alerts'>);
    const tick = async (n: number) => {
      for (let i = 0; i < n; i++) {
        clock += 1000;
        await vi.advanceTimersByTimeAsync(1000);
      }
    };

    await tick(4);
    const first = alertEvents(desk);
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(first[0]!.alerts?.map((a) => a.fingerprint)).toEqual(['a']);
    expect(first.slice(1).every((e) => e.alerts === undefined)).toBe(true);
    // Freshness moves on every poll.
    const stamps = first.map((e) => e.fetchedAt);
    expect(stamps).toEqual([...stamps].sort((x, y) => x - y));
    expect(stamps.at(-1)! - stamps[0]!).toBeGreaterThanOrEqual(2_000);

    listed = [alert('a'), alert('b')];
    await tick(2);
    const changed = alertEvents(desk).slice(first.length);
    expect(changed[0]!.alerts?.map((a) => a.fingerprint)).toEqual(['a', 'b']);
    expect(changed.slice(1).every((e) => e.alerts === undefined)).toBe(true);

    const wall: EventEnvelope[] = [];
    services.attach({ id: 'wall', send: (e) => wall.push(e) });
    expect(alertEvents(wall)[0]!.alerts?.map((a) => a.fingerprint)).toEqual(['a', 'b']);
  });
});
