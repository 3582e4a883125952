import { describe, expect, it } from 'vitest';
import type { EventEnvelope, EventOf } from '../../shared';
import { type NotificationLike, startNotifications } from './notifications';

function harness(supported = true) {
  let emit: ((event: EventEnvelope) => void) | undefined;
  const shown: Array<{ title: string; body: string; click(): void; close(): void }> = [];
  const focused: Array<string | undefined> = [];
  const stop = startNotifications({
    services: {
      onEvent: (listener) => {
        emit = listener;
        return () => (emit = undefined);
      },
    },
    isSupported: () => supported,
    create: (options) => {
      const handlers = new Map<string, () => void>();
      const notification: NotificationLike = {
        on: (event: string, handler: () => void) => handlers.set(event, handler),
        show: () =>
          shown.push({ title: options.title, body: options.body, click: () => handlers.get('click')?.(), close: () => handlers.get('close')?.() }),
      };
      return notification;
    },
    focusIncident: (id) => focused.push(id),
    log: () => undefined,
  });
  const page = (payload: Partial<EventOf<'notification'>>) =>
    emit?.({ event: 'notification', payload: { id: 'n1', title: 'Unlocks failing', body: 'Berlin GPRS', severity: 'critical', ...payload } });
  return { page, shown, focused, stop, emit: (e: EventEnvelope) => emit?.(e) };
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
});
