import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppState } from './app-state';
import { notify } from './notify';
import { resetStore, useStore } from './store';
import { uiInitial } from './ui-slice';

class FakeNotification {
  static permission = 'granted';
  static shown: FakeNotification[] = [];
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: { body?: string; requireInteraction?: boolean },
  ) {
    FakeNotification.shown.push(this);
  }
  close() {
    this.closed = true;
  }
}

const event = { id: 'n1', title: 'Critical: ServiceErrorRateHigh', body: 'lock-service is failing', severity: 'critical' as const, incidentId: 'inc-1' };

function fakeState(doNotDisturb = false) {
  const state = { pushToast: vi.fn(), selectIncident: vi.fn(), focus: vi.fn(), doNotDisturb };
  return { state, get: () => state as unknown as AppState };
}

afterEach(() => {
  FakeNotification.shown = [];
  vi.unstubAllGlobals();
});

describe('notify', () => {
  it('in a browser, shows a system notification whose click opens the incident', () => {
    vi.stubGlobal('Notification', FakeNotification);
    const { state, get } = fakeState();
    notify(event, 'web', get);
    expect(state.pushToast).toHaveBeenCalledWith(expect.objectContaining({ id: 'n1', incidentId: 'inc-1' }));
    const [shown] = FakeNotification.shown;
    expect(shown).toMatchObject({ title: event.title, options: { body: event.body, requireInteraction: true } });
    shown!.onclick!();
    expect(state.selectIncident).toHaveBeenCalledWith('inc-1');
    expect(shown!.closed).toBe(true);
  });

  it('in Electron, leaves the system notification to the main process (no duplicate)', () => {
    vi.stubGlobal('Notification', FakeNotification);
    const { state, get } = fakeState();
    notify(event, 'electron', get);
    expect(state.pushToast).toHaveBeenCalled();
    expect(FakeNotification.shown).toHaveLength(0);
  });

  it('without permission, only the in-app toast appears', () => {
    vi.stubGlobal('Notification', class extends FakeNotification { static override permission = 'denied'; });
    const { state, get } = fakeState();
    notify(event, 'web', get);
    expect(state.pushToast).toHaveBeenCalled();
    expect(FakeNotification.shown).toHaveLength(0);
  });

  it('with do-not-disturb, lets only critical ones through (no toast, no system notification for the rest)', () => {
    vi.stubGlobal('Notification', FakeNotification);
    const { state, get } = fakeState(true);
    notify({ ...event, id: 'w', severity: 'warning' }, 'web', get);
    expect(state.pushToast).not.toHaveBeenCalled();
    expect(FakeNotification.shown).toHaveLength(0);
    notify(event, 'web', get);
    expect(state.pushToast).toHaveBeenCalledWith(expect.objectContaining({ id: 'n1' }));
    expect(FakeNotification.shown).toHaveLength(1);
  });

  it('a bundle opens the incident list at its most severe incident', () => {
    vi.stubGlobal('Notification', FakeNotification);
    const { state, get } = fakeState();
    const bundle = { id: 'b', title: '12 incidents opened in the last few seconds', body: 'lock-service, ride-service, …', severity: 'critical' as const, reason: 'bundle' as const, incidentIds: ['inc-3', 'inc-4'] };
    notify(bundle, 'web', get);
    expect(state.pushToast).toHaveBeenCalledWith(expect.objectContaining({ id: 'b', incidentIds: ['inc-3', 'inc-4'] }));
    FakeNotification.shown[0]!.onclick!();
    expect(state.focus).toHaveBeenCalledWith('incidents');
    expect(state.selectIncident).toHaveBeenCalledWith('inc-3');
  });

  it('keeps do-not-disturb per person like the theme, and the store drops warnings while it is on', () => {
    const kept = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => kept.set(k, v) });
    resetStore();
    useStore.getState().setDoNotDisturb(true);
    expect(kept.get('lockstep.dnd')).toBe('1');
    expect(uiInitial().doNotDisturb).toBe(true);
    notify({ ...event, id: 'w', severity: 'warning' }, 'electron', useStore.getState);
    notify(event, 'electron', useStore.getState);
    expect(useStore.getState().toasts.map((t) => t.id)).toEqual(['n1']);
    useStore.getState().setDoNotDisturb(false);
    expect(uiInitial().doNotDisturb).toBe(false);
    resetStore();
  });
});
