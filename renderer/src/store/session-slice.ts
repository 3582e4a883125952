import { IncidentBundleSchema } from '../../../shared/api/bundle';
import type { SessionInfo, SourceStatus } from '../../../shared/api/session';
import { createBundleClient } from '../api/bundle-client';
import { errorText } from '../api/parse';
import type { ConnectionState, RendererClient } from '../api/types';
import type { AppState, SliceCreator } from './app-state';
import { actionsInitial } from './actions-slice';
import { alertsInitial } from './alerts-slice';
import { deploymentsInitial } from './deployments-slice';
import { incidentsInitial } from './incidents-slice';
import { logTailInitial } from './log-tail-slice';
import { notify } from './notify';
import { mergeSourceStatus } from './source-status';
import { traceInitial } from './trace-slice';

export interface SessionSlice {
  client: RendererClient | null;
  /** The live client to go back to when offline review ends. */
  hostClient: RendererClient | null;
  session: SessionInfo | null;
  sessionError?: string;
  connection: ConnectionState;
  /** Messages that arrived but did not match the contract (newest last, a few kept). */
  problems: string[];
  offlineFile: string | null;
  /** Latest health of each data source heard from, by source id. */
  sourceStatus: Record<string, SourceStatus>;
  applySourceStatus(status: SourceStatus): void;
  attachClient(client: RendererClient): Promise<void>;
  loadSession(): Promise<void>;
  /** Parses an incident file and switches to read-only review; returns an error text or undefined. */
  openIncidentFile(name: string, text: string): Promise<string | undefined>;
  leaveOffline(): Promise<void>;
  reportProblem(message: string): void;
  /** Forgets what the previous client said (before switching between live and a file). */
  resetFeatureData(): void;
}

let detach: (() => void) | undefined;

/** Stops delivering the current client's events to the store (used on switch and reset). */
export function detachClient(): void {
  detach?.();
  detach = undefined;
}

function subscribe(client: RendererClient, get: () => AppState, setConnection: (state: ConnectionState) => void): () => void {
  const offs = [
    client.on('queryResult', (event) => get().applyQueryResult(event)),
    client.on('alerts', (event) => get().applyAlerts(event)),
    client.on('incidents', (event) => get().applyIncidents(event)),
    client.on('deployments', (event) => get().applyDeployments(event)),
    client.on('sourceStatus', (event) => get().applySourceStatus(event)),
    // Settings changed the sources (here or on another console): the session, its panels and the header follow.
    client.on('sourcesChanged', () => void get().loadSession()),
    client.on('logTail', (event) => get().applyLogTail(event)),
    client.on('notification', (event) => notify(event, client.kind, get)),
    client.onProtocolError((message) => get().reportProblem(message)),
    client.onConnection((state) => {
      const before = get().connection.status;
      setConnection(state);
      // After a drop, lists may have changed while nobody was listening.
      if (state.status === 'open' && before === 'reconnecting') void get().loadSession();
    }),
  ];
  return () => offs.forEach((off) => off());
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get) => ({
  client: null,
  hostClient: null,
  session: null,
  connection: { status: 'connecting', attempt: 0 },
  problems: [],
  offlineFile: null,
  sourceStatus: {},
  applySourceStatus(status) {
    set((state) => ({ sourceStatus: mergeSourceStatus(state.sourceStatus, [status]) }));
  },

  async attachClient(client) {
    detachClient();
    detach = subscribe(client, get, (connection) => set({ connection }));
    set({ client, connection: client.connection(), session: null, sessionError: undefined });
    await get().loadSession();
  },

  async loadSession() {
    const client = get().client;
    if (!client) return;
    try {
      const session = await client.call('getSession', {});
      if (get().client !== client) return;
      // The host's view of its sources as of now (what changed while this console was away, too).
      // A source no longer in the session (removed in Settings) leaves the header too.
      const running = new Set(session.sources.map((s) => s.id));
      const statuses = Object.fromEntries(Object.entries(mergeSourceStatus(get().sourceStatus, session.sourceStatus ?? [])).filter(([id]) => running.has(id)));
      // A dashboard opened or imported here stays on screen when the session reloads (sources changed, reconnected).
      const opened = get().openedDashboard;
      set({ session: opened ? { ...session, dashboard: opened } : session, sessionError: undefined, sourceStatus: statuses });
      get().adoptDefaultActor(session.defaultActor);
    } catch (error) {
      if (get().client === client) set({ sessionError: errorText(error) });
      return;
    }
    await Promise.all([get().subscribeLive(), get().loadAlerts(), get().loadIncidents(), get().loadDeployments(), get().loadDashboardList()]);
  },

  async openIncidentFile(name, text) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return `${name} is not an incident file: it is not JSON.`;
    }
    const parsed = IncidentBundleSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (${issue.path.join('.')}: ${issue.message})` : '';
      return `${name} is not a Lockstep incident file this version can read${where}.`;
    }
    const host = get().hostClient ?? get().client;
    set({ hostClient: host, offlineFile: name });
    get().resetFeatureData();
    await get().attachClient(createBundleClient(parsed.data, name));
    return undefined;
  },

  async leaveOffline() {
    const host = get().hostClient;
    set({ offlineFile: null, hostClient: null });
    get().resetFeatureData();
    if (host) await get().attachClient(host);
  },

  resetFeatureData() {
    set({ ...alertsInitial, ...incidentsInitial, ...deploymentsInitial, ...traceInitial, ...actionsInitial, ...logTailInitial, live: {}, logs: {}, liveSince: undefined, liveError: undefined, sourceStatus: {} });
  },

  reportProblem(message) {
    set((state) => ({ problems: [...state.problems.slice(-4), message] }));
  },
});
