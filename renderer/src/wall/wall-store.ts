import { create } from 'zustand';
import type { Playlist } from './playlist';
import type { WallParams } from './wall-params';

/**
 * The wall's own state (kiosk, contrast, where the playlist is). It lives beside the app
 * store, not in it: nothing outside the wall reads it, and the wall's address sets it once.
 */
export interface WallState {
  kiosk: boolean;
  contrast: boolean;
  playlist?: Playlist;
  playlistError?: string;
  /** Which slide shows, counted through the rotation (taken modulo the slide count). */
  slide: number;
  /** When the current slide gives way (epoch ms); undefined while paused. */
  slideEndsAt?: number;
  /** While paused: how long the current slide had left. */
  remainingMs?: number;
  /** Paused by someone: keyboard focus inside the page, or the Pause button. */
  pausedBy?: 'focus' | 'button';
  configure(params: WallParams): void;
  setContrast(on: boolean): void;
  /** Shows slide `index` for `seconds` from `now`. */
  show(index: number, seconds: number, now: number): void;
  pause(by: 'focus' | 'button', now: number): void;
  resume(now: number, by: 'focus' | 'button'): void;
}

export const useWall = create<WallState>()((set, get) => ({
  kiosk: false,
  contrast: false,
  slide: 0,
  configure(params) {
    set({ kiosk: params.kiosk, contrast: params.contrast, playlist: params.playlist, playlistError: params.playlistError, slide: 0, slideEndsAt: undefined, pausedBy: undefined });
  },
  setContrast(contrast) {
    set({ contrast });
  },
  show(slide, seconds, now) {
    const paused = get().pausedBy !== undefined;
    set(paused ? { slide, remainingMs: seconds * 1000, slideEndsAt: undefined } : { slide, slideEndsAt: now + seconds * 1000, remainingMs: undefined });
  },
  pause(by, now) {
    const { pausedBy, slideEndsAt } = get();
    // A button press outranks focus: focus leaving must not undo it.
    if (pausedBy === 'button' || pausedBy === by) return;
    set({ pausedBy: by, remainingMs: pausedBy ? get().remainingMs : Math.max(0, (slideEndsAt ?? now) - now), slideEndsAt: undefined });
  },
  resume(now, by) {
    const { pausedBy, remainingMs } = get();
    if (!pausedBy || (pausedBy === 'button' && by !== 'button')) return;
    set({ pausedBy: undefined, slideEndsAt: now + (remainingMs ?? 0), remainingMs: undefined });
  },
}));
