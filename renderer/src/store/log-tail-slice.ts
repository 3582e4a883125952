import type { EventOf } from '../../../shared/api/contract';
import type { LogLine, LogTailState } from '../../../shared/model/logs';
import { errorText } from '../api/parse';
import type { SliceCreator } from './app-state';
import { LOG_BUFFER_LINES, LogRing } from './log-ring';

/** A logs panel's live tail, as the panel shows it. */
export interface TailView {
  /** The person turned Live on. */
  on: boolean;
  state: LogTailState;
  /** Why it is reconnecting or failed, or a notice, in the source's words. */
  message?: string;
  /**
   * The person scrolled away from the newest lines: new ones still go into the panel's
   * ring, and `pending` counts them, so the panel keeps the reader's lines in place.
   */
  paused: boolean;
  pending: number;
  /** Lines the source dropped, and lines Lockstep skipped, since Live was turned on. */
  dropped: number;
  skipped: number;
  /** The panel's query limit: lines the tail asks for on (re)connect, at most TAIL_BACKLOG. */
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

  /**
   * Adds lines to the panel's ring (started from what the last refresh showed), leaving out
   * lines already held; returns how many were new.
   */
  const show = (panelId: string, arrived: readonly LogLine[], at: number): number => {
    let added = 0;
    set((state) => {
      const entry = state.logs[panelId] ?? { lines: [], loading: false };
      const ring = entry.ring ?? LogRing.fromNewestFirst(entry.lines, LOG_BUFFER_LINES);
      added = ring.push(arrived);
      return { logs: { ...state.logs, [panelId]: { ...entry, ring, ringVersion: ring.version, fetchedAt: at, error: undefined } } };
    });
    return added;
  };

  return {
    ...logTailInitial,

    setLive(panelId, on, limit) {
      set((state) => ({
        logTails: {
          ...state.logTails,
          [panelId]: on ? { on: true, state: 'connecting', paused: false, pending: 0, dropped: 0, skipped: 0, limit } : { ...(state.logTails[panelId] ?? { pending: 0, dropped: 0, skipped: 0, limit }), on: false, state: 'stopped', paused: false, pending: 0, message: undefined },
        },
      }));
    },

    async openTail(panelId, query) {
      const { client } = get();
      const view = get().logTails[panelId];
      if (!client || !view?.on) return;
      const entry = get().logs[panelId];
      const newest = (entry?.ring ? entry.ring.newest() : entry?.lines[0])?.time;
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
      if (event.lines.length > 0) {
        const added = show(event.tailId, event.lines, event.at);
        if (view.paused) change.pending = view.pending + added;
      }
      patch(event.tailId, change);
    },

    setTailPaused(panelId, paused) {
      const view = get().logTails[panelId];
      if (!view || view.paused === paused) return;
      if (paused) {
        patch(panelId, { paused: true });
        return;
      }
      // The held lines are in the ring already: the panel shows them once it is no longer paused.
      patch(panelId, { paused: false, pending: 0 });
    },
  };
};
