import type { Color } from '../../../shared/model/deploy';
import { readPref, writePref } from '../support/storage';
import { type ActionsSlice, createActionsSlice } from './actions-slice';
import type { SliceCreator } from './app-state';

export type Dialog =
  | { kind: 'ack'; fingerprint: string }
  | { kind: 'rollback'; incidentId: string; service: string; targetColor: Color }
  | { kind: 'shortcuts' }
  | { kind: 'trace-input' }
  | { kind: 'settings' };

export type FocusArea = 'dashboard' | 'alerts' | 'incidents';

export interface Toast {
  id: string;
  title: string;
  body: string;
  severity: 'critical' | 'warning' | 'info';
  incidentId?: string;
  /** A bundle's incidents (several opened at once). */
  incidentIds?: string[];
  at: number;
}

export interface UiSlice {
  theme: 'dark' | 'light';
  wall: boolean;
  /** Do not disturb: only critical notifications reach this person (kept per browser/desktop, like the theme). */
  doNotDisturb: boolean;
  /**
   * Who actions are recorded as; empty until the session or the person says. When the host
   * fixes it (session.actingAs: the web credential's name, the desktop's OS user) it is that.
   */
  actor: string;
  now: number;
  focusArea: FocusArea;
  /** Bumped to ask the focused area to take keyboard focus. */
  focusRequest: number;
  dialog: Dialog | null;
  toasts: Toast[];
  setTheme(theme: 'dark' | 'light'): void;
  setWall(wall: boolean): void;
  setDoNotDisturb(on: boolean): void;
  setActor(actor: string): void;
  adoptDefaultActor(actor: string): void;
  tick(now: number): void;
  focus(area: FocusArea): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  pushToast(toast: Omit<Toast, 'at'>): void;
  dismissToast(id: string): void;
}

const MAX_TOASTS = 6;

export function uiInitial() {
  const theme: 'dark' | 'light' = readPref('lockstep.theme') === 'light' ? 'light' : 'dark';
  return {
    theme,
    wall: readPref('lockstep.wall') === '1',
    doNotDisturb: readPref('lockstep.dnd') === '1',
    actor: readPref('lockstep.actor') ?? '',
    now: Date.now(),
    focusArea: 'dashboard' as FocusArea,
    focusRequest: 0,
    dialog: null as Dialog | null,
    toasts: [] as Toast[],
  };
}

export const createUiSlice: SliceCreator<UiSlice & ActionsSlice> = (set, get, store) => ({
  // The pending-actions list rides along here so the store's composition needs no change.
  ...createActionsSlice(set, get, store),
  ...uiInitial(),
  setTheme(theme) {
    writePref('lockstep.theme', theme);
    set({ theme });
  },
  setWall(wall) {
    writePref('lockstep.wall', wall ? '1' : '0');
    set({ wall });
  },
  setDoNotDisturb(doNotDisturb) {
    writePref('lockstep.dnd', doNotDisturb ? '1' : '0');
    set({ doNotDisturb });
  },
  setActor(actor) {
    // A name the host fixed is not the page's to change.
    if (get().session?.actingAs) return;
    writePref('lockstep.actor', actor);
    set({ actor });
  },
  adoptDefaultActor(actor) {
    const fixed = get().session?.actingAs;
    if (fixed) set({ actor: fixed });
    else if (!get().actor.trim()) set({ actor });
  },
  tick(now) {
    set({ now });
  },
  focus(area) {
    set((state) => ({ focusArea: area, focusRequest: state.focusRequest + 1 }));
  },
  openDialog(dialog) {
    set({ dialog });
  },
  closeDialog() {
    set({ dialog: null });
  },
  pushToast(toast) {
    set((state) => ({
      toasts: [...state.toasts.filter((t) => t.id !== toast.id), { ...toast, at: Date.now() }].slice(-MAX_TOASTS),
    }));
  },
  dismissToast(id) {
    set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) }));
  },
});

/**
 * "Now" for relative ages: the wall clock when live; in offline review the instant being
 * replayed (renderer/src/replay/replay-slice.ts), else the end of the incident window (a
 * file read on a train days later should still say "7 min").
 */
export function referenceNow(state: { now: number; session: { mode: string; serverTime: number } | null; replay?: { at: number } | null }): number {
  if (state.session?.mode !== 'bundle') return state.now;
  return state.replay?.at ?? state.session.serverTime;
}
