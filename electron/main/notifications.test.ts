import { describe, expect, it } from 'vitest';
import type { EventEnvelope, EventOf } from '../../shared';
import { type NotificationLike, startNotifications } from './notifications';

function harness(supported = true, extra: { acknowledge?: boolean; doNotDisturb?: () => boolean | Promise<boolean> } = {}) {
  let emit: ((event: EventEnvelope) => void) | undefined;
  const shown: Array<{ title: string; body: string; actions: string[]; click(): void; action(index: number): void; close(): void }> = [];
  const focused: Array<string | undefined> = [];
  const acknowledged: string[] = [];
  const stop = startNotifications({
    services: {
      onEvent: (listener) => {
        emit = listener;
        return () => (emit = undefined);
      },
    },
    isSupported: () => supported,
    create: (options) => {
      const handlers = new Map<string, (...args: unknown[]) => void>();
      const notification: NotificationLike = {
        on: ((event: string, handler: (...args: unknown[]) => void) => handlers.set(event, handler)) as NotificationLike['on'],
        show: () =>
          shown.push({
            title: options.title,
            body: options.body,
            actions: (options.actions ?? []).map((a) => a.text),
            click: () => handlers.get('click')?.(),
            action: (index) => handlers.get('action')?.({}, index),
            close: () => handlers.get('close')?.(),
          }),
      };
      return notification;
    },
    focusIncident: (id) => focused.push(id),
    ...(extra.acknowledge ? { acknowledgeIncident: (id: string) => acknowledged.push(id) } : {}),
    ...(extra.doNotDisturb ? { doNotDisturb: extra.doNotDisturb } : {}),
    log: () => undefined,
  });
  const page = (payload: Partial<EventOf<'notification'>>) =>
    emit?.({ event: 'notification', payload: { id: 'n1', title: 'Unlocks failing', body: 'Berlin GPRS', severity: 'critical', ...payload } });
  return { page, shown, focused, acknowledged, stop, emit: (e: EventEnvelope) => emit?.(e) };
}

describe('startNotifications', () => {
  it('shows a critical page once, and a click opens its incident', () => {
    const h = harness();
    h.page({ incidentId: 'inc-7' });
    h.page({ incidentId: 'inc-7' });
    expect(h.shown.map((n) => n.title)).toEqual(['Unlocks failing']);
    h.shown[0]?.click();
    expect(h.focused).toEqual(['inc-7']);
  });

  it('ignores warnings, info and other events', () => {
    const h = harness();
    h.page({ id: 'w', severity: 'warning' });
    h.page({ id: 'i', severity: 'info' });
    h.emit({ event: 'deployments', payload: { deployments: [] } });
    expect(h.shown).toEqual([]);
  });

  it('shows distinct pages separately and stops after unsubscribe', () => {
    const h = harness();
    h.page({ id: 'a' });
    h.page({ id: 'b', title: 'Payments down' });
    h.stop();
    h.page({ id: 'c' });
    expect(h.shown.map((n) => n.title)).toEqual(['Unlocks failing', 'Payments down']);
  });

  it('does not try to show anything where notifications are unsupported', () => {
    const h = harness(false);
    h.page({});
    expect(h.shown).toEqual([]);
  });

  it('offers Acknowledge on an incident, which opens its acknowledge dialog (not a silent ack)', () => {
    const h = harness(true, { acknowledge: true });
    h.page({ incidentId: 'inc-7' });
    h.page({ id: 'bundle', incidentIds: ['inc-1', 'inc-2'] });
    expect(h.shown.map((n) => n.actions)).toEqual([['Acknowledge'], []]);
    h.shown[0]?.action(0);
    expect(h.acknowledged).toEqual(['inc-7']);
    h.shown[1]?.click();
    expect(h.focused).toEqual(['inc-1']);
  });

  it('shows warnings only when the person has not asked for do-not-disturb', async () => {
    let dnd = false;
    const h = harness(true, { doNotDisturb: async () => dnd });
    h.page({ id: 'w1', severity: 'warning', title: 'Slow unlocks' });
    await new Promise((r) => setTimeout(r, 0));
    dnd = true;
    h.page({ id: 'w2', severity: 'warning', title: 'Slower unlocks' });
    h.page({ id: 'c1', severity: 'critical', title: 'Unlocks failing' });
    await new Promise((r) => setTimeout(r, 0));
    expect(h.shown.map((n) => n.title)).toEqual(['Slow unlocks', 'Unlocks failing']);
  });
});
