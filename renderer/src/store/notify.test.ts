import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppState } from './app-state';
import { notify } from './notify';

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

function fakeState() {
  const state = { pushToast: vi.fn(), selectIncident: vi.fn() };
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
});
