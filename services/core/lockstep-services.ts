import type { EventEnvelope, MethodName, RpcReply, SessionInfo } from '../../shared';
import type { EmbeddedSourceFactory } from '../datasources/registry';
import type { AppliedOverride } from '../config/env-overrides';
import type { CredentialReader } from '../settings/credentials';
import type { SettingsStore } from '../settings/settings-store';
import type { SourceLayerSettings } from '../settings/source-layer';
import type { DocumentStore } from '../settings/document-store';
import type { SigningKeyStore } from '../signing/key-store';
import type { ColumnsThread } from '../traces/columns-thread';
import type { ClientSession } from './client';

/**
 * What a host (Electron or web) needs from the services. Hosts do transport and
 * identity; the services validate every request against the contract and reply with an
 * RpcReply, never throwing across the boundary.
 */
export interface LockstepServices {
  /** Validates `request` with the method's schema, runs it for `client`, wraps the outcome. */
  handle(method: MethodName, request: unknown, client: ClientSession): Promise<RpcReply>;
  /** Starts pushing events to this client, first what it needs to draw now: alerts, incidents, each source's health. */
  attach(client: ClientSession): void;
  /** Stops its live queries and event delivery. */
  detach(clientId: string): void;
  /** Host-level listener for every broadcast event (the Electron host shows native notifications from it). */
  onEvent(listener: (event: EventEnvelope) => void): () => void;
  session(host: SessionInfo['host']): SessionInfo;
  /**
   * Stops everything the services started (polls, live queries, timers, listeners) and
   * closes the sources, each once; a step that fails does not stop the others, and all
   * failures are reported together at the end.
   */
  close(): Promise<void>;
}

export interface ServicesOptions {
  /** Where the action journal and other durable state live. */
  dataDir: string;
  version: string;
  /** Who actions are recorded as by default (the OS user on the desk). */
  defaultActor: string;
  now?: () => number;
  /** Where the host offers the embedded demo fleet, how to make it (see datasources/registry). */
  embeddedSource?: EmbeddedSourceFactory;
  /** The host's credential store: where a source's `auth.credential` name is looked up, per request (and, where it can store, set from Settings). */
  credentials?: CredentialReader;
  /** Where the config came from ("/etc/lockstep.json (from LOCKSTEP_CONFIG)"), said in Settings. */
  configOrigin?: string;
  /** The environment variables that changed the config (services/config/env-overrides.ts), shown per source in Settings. */
  environment?: readonly AppliedOverride[];
  /** Where sources added or edited in Settings are kept; `settings.json` in dataDir (owner-only) when absent. */
  sourceSettings?: { store: SettingsStore<SourceLayerSettings>; savedIn: string };
  /** Where the HTML report's page was built (`.vite/renderer/report`), so exports can be saved as the HTML report. */
  reportDir?: string;
  /** Where each person's saved dashboards are kept (the Electron host's settings store); `dashboards.json` in dataDir (owner-only) when absent. */
  dashboardStore?: DocumentStore;
  /**
   * Where large trace answers are read into columns off the host's own thread: the host makes
   * it (it knows where its build put the worker), a trace source that reads on it starts its
   * worker, and the services close it with the rest. Without it they are read on the host's thread.
   */
  columnsThread?: ColumnsThread;
  /** Where this install's signing key is kept (the Electron host encrypts it with the OS keyring); `signing-key.json` in dataDir (owner-only) when absent. */
  signingKeyStore?: SigningKeyStore;
}
