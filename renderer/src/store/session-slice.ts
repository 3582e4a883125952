import { readIncidentFile, type Verification } from '../../../shared/incident-file/read';
import type { TrustedSigner } from '../../../shared/incident-file/trusted-signer';
import { markOpen } from '../../../shared/incident-file/open-marks';
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
  /** How far the open incident file can be trusted (signed by whom, or not at all), for the offline banner. */
  offlineVerification: Verification | null;
  /** Keys whose files open as verified, kept from the live host's session so a file opened later can be checked offline. */
  trustedSigners: TrustedSigner[];
  /** Latest health of each data source heard from, by source id. */
  sourceStatus: Record<string, SourceStatus>;
  applySourceStatus(status: SourceStatus): void;
  attachClient(client: RendererClient): Promise<void>;
  loadSession(): Promise<void>;
  /** Checks and parses an incident file (sealed, or format 0) and switches to read-only review; returns the one-sentence refusal or undefined. */
  openIncidentFile(name: string, file: Uint8Array | string): Promise<string | undefined>;
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
  offlineVerification: null,
  trustedSigners: [],
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
      if (session.trustedSigners) set({ trustedSigners: session.trustedSigners });
      get().adoptDefaultActor(session.defaultActor);
    } catch (error) {
      if (get().client === client) set({ sessionError: errorText(error) });
      return;
    }
    await Promise.all([get().subscribeLive(), get().loadAlerts(), get().loadIncidents(), get().loadDeployments(), get().loadDashboardList()]);
  },

  async openIncidentFile(name, file) {
    // shared/incident-file/read.ts: sizes before parsing, every part's hash and schema, the signature against the trusted keys.
    const read = await readIncidentFile(name, file, { trustedKeys: get().trustedSigners.map((s) => s.publicKey) });
    if (!read.ok) return read.problem;
    const host = get().hostClient ?? get().client;
    set({ hostClient: host, offlineFile: name, offlineVerification: read.verification });
    get().resetFeatureData();
    await get().attachClient(createBundleClient(read.bundle, name));
    markOpen('store-hydrated');
    return undefined;
  },

  async leaveOffline() {
    const host = get().hostClient;
    set({ offlineFile: null, offlineVerification: null, hostClient: null });
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
