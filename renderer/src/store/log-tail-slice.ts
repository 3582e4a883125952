import type { EventOf } from '../../../shared/api/contract';
import type { LogLine, LogTailState } from '../../../shared/model/logs';
import { errorText } from '../api/parse';
import { mergeNewest } from '../panels/log-lines-merge';
import type { SliceCreator } from './app-state';

/** A logs panel's live tail, as the panel shows it. */
export interface TailView {
  /** The person turned Live on. */
  on: boolean;
  state: LogTailState;
  /** Why it is reconnecting or failed, or a notice, in the source's words. */
  message?: string;
  /** The person scrolled away from the newest lines: new ones wait in `pending`. */
  paused: boolean;
  pending: LogLine[];
  /** Lines the source dropped, and lines Lockstep skipped, since Live was turned on. */
  dropped: number;
  skipped: number;
  /** Most lines the panel keeps. */
  limit: number;
}

export interface LogTailSlice {
  logTails: Record<string, TailView>;
  /** Live on or off for a panel; the panel starts and stops the tail itself. */
  setLive(panelId: string, on: boolean, limit: number): void;
  /** Asks the services to follow the panel's query from the newest line it shows. */
  openTail(panelId: string, query: string): Promise<void>;
  closeTail(panelId: string): Promise<void>;
  applyLogTail(event: EventOf<'logTail'>): void;
  setTailPaused(panelId: string, paused: boolean): void;
}

export const logTailInitial = { logTails: {} as Record<string, TailView> };

/** Lines the tail asks the source to resend on (re)connect: what a panel shows, not more. */
const TAIL_BACKLOG = 500;

export const createLogTailSlice: SliceCreator<LogTailSlice> = (set, get) => {
  const patch = (panelId: string, change: Partial<TailView>) =>
    set((state) => {
      const view = state.logTails[panelId];
      return view ? { logTails: { ...state.logTails, [panelId]: { ...view, ...change } } } : {};
    });

  /** Puts lines at the top of the panel's list (the same list a refresh fills). */
  const show = (panelId: string, arrived: readonly LogLine[], limit: number, at: number) =>
    set((state) => {
      const entry = state.logs[panelId] ?? { lines: [], loading: false };
      return { logs: { ...state.logs, [panelId]: { ...entry, lines: mergeNewest(entry.lines, arrived, limit), fetchedAt: at, error: undefined } } };
    });

  return {
    ...logTailInitial,

    setLive(panelId, on, limit) {
      set((state) => ({
        logTails: {
          ...state.logTails,
          [panelId]: on ? { on: true, state: 'connecting', paused: false, pending: [], dropped: 0, skipped: 0, limit } : { ...(state.logTails[panelId] ?? { pending: [], dropped: 0, skipped: 0, limit }), on: false, state: 'stopped', paused: false, pending: [], message: undefined },
        },
      }));
    },

    async openTail(panelId, query) {
      const { client } = get();
      const view = get().logTails[panelId];
      if (!client || !view?.on) return;
      const newest = get().logs[panelId]?.lines[0]?.time;
      patch(panelId, { state: 'connecting', message: undefined });
      try {
        const answer = await client.call('startLogTail', { tailId: panelId, query, limit: Math.min(view.limit, TAIL_BACKLOG), start: newest ?? Date.now() });
        // An event may have moved it on already; the answer only fills in a state not yet heard.
        if (get().logTails[panelId]?.state === 'connecting') patch(panelId, { state: answer.state });
      } catch (error) {
        if (get().client === client) patch(panelId, { on: false, state: 'failed', message: errorText(error) });
      }
    },

    async closeTail(panelId) {
      const { client, connection } = get();
      // A console whose link is down has no tails: the services dropped them with it.
      if (!client || connection.status !== 'open') return;
      await client.call('stopLogTail', { tailId: panelId }).catch(() => undefined);
    },

    applyLogTail(event) {
      const view = get().logTails[event.tailId];
      if (!view?.on) return;
      const change: Partial<TailView> = {
        state: event.state,
        message: event.message,
        dropped: view.dropped + (event.dropped ?? 0),
        skipped: view.skipped + (event.skipped ?? 0),
      };
      if (event.state === 'failed') change.on = false;
      if (event.lines.length > 0 && view.paused) {
        // Held newest first, bounded like the list itself.
        change.pending = [...[...event.lines].reverse(), ...view.pending].slice(0, view.limit);
      }
      patch(event.tailId, change);
      if (event.lines.length > 0 && !view.paused) show(event.tailId, event.lines, view.limit, event.at);
    },

    setTailPaused(panelId, paused) {
      const view = get().logTails[panelId];
      if (!view || view.paused === paused) return;
      if (paused) {
        patch(panelId, { paused: true });
        return;
      }
      const held = [...view.pending].reverse();
      patch(panelId, { paused: false, pending: [] });
      if (held.length > 0) show(panelId, held, view.limit, Date.now());
    },
  };
};
