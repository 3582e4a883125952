import { join } from 'node:path';
import { type Deployment, EscalateRequestSchema, SourceKindSchema, type EventEnvelope, IncidentActionRequestSchema, type SessionInfo } from '../../shared';
import { releasesOf, type ServiceRelease } from '../../shared/incident/releases';
import type { RollbackPolicy } from '../../shared/incident/rollback-candidate';
import { ActionJournal } from '../actions/action-journal';
import { ActionPipeline } from '../actions/action-pipeline';
import { AlertPoller, alertsPayload } from '../alerts/alert-poller';
import type { LockstepConfig } from '../config/sources';
import { warRoomDashboard } from '../dashboards/war-room';
import { BUILT_IN_DASHBOARDS } from '../dashboards/built-in';
import { DashboardLibrary } from '../dashboards/dashboard-library';
import { SavedDashboards } from '../dashboards/saved-dashboards';
import { PrivateJsonFile } from '../settings/private-json-file';
import { SourceSet } from '../datasources/source-set';
import type { DataSource } from '../datasources/types';
import { startDeployPolling } from '../deploys/deploy-polling';
import { observeSource } from '../health/observed-source';
import { SourceHealth } from '../health/source-health';
import { AckLeaseKeeper } from '../alerts/ack-leases';
import { acknowledgeIncidentAction, DEFAULT_ACK_LEASE_MS, resolveIncidentAction, unacknowledgeIncidentAction } from '../actions/acknowledge';
import { rollbackDeps, rollbackReviver } from '../actions/rollback';
import { shiftReviver } from '../actions/shift-traffic';
import { EscalationRenewer } from '../escalation/escalate';
import { PrometheusProbe } from '../health/prometheus-probe';
import { escalateIncidentAction } from '../escalation/escalate-action';
import { DEFAULT_POLICY, summarizePolicy } from '../../shared/escalation';
import { describeError, errorMessage } from '../util/errors';
import { DEFAULT_CORRELATION, IncidentTracker } from '../incidents/incident-tracker';
import { followTraceCallGraph } from '../incidents/trace-call-graph';
import { addNoteAction, JournalledNoteSchema, NoteRenewer } from '../incidents/incident-notes';
import { LiveQueryHub } from '../live/live-queries';
import { LogTailHub } from '../live/log-tails';
import { IncidentNotifier } from '../notifications/incident-notifier';
import { Disposables } from '../util/disposables';
import { ensurePrivateDir } from '../util/private-files';
import { InstallSigningKey } from '../signing/install-key';
import type { ClientSession } from './client';
import { openSources, type OpenedSources } from './open-sources';
import { SourceConfigManager } from './source-config-manager';
import { clearStaleWarnings, runningStatuses, SourceFollowers } from './source-followers';
import { SourceSettings } from './source-settings';
import { testSource } from '../source-test/test-source';
import { ClientHub } from './client-hub';
import { ReportAssetSource } from '../export/report-assets';
import { dispatch } from './dispatch';
import type { LockstepServices, ServicesOptions } from './lockstep-services';
import type { ServiceContext } from './service-context';

/** Wires sources, polling, incidents and actions into the one API both hosts serve. */
export async function createServices(config: LockstepConfig, options: ServicesOptions): Promise<LockstepServices> {
  // The config file's sources with those saved in Settings over them (services/core/open-sources.ts).
  const opened = await openSources(config, options, (message) => console.warn(`[lockstep] ${message}`));
  return servicesFrom(opened.dataSources, config, options, opened);
}

/**
 * The same, on sources made by the caller (tests drive a demo fleet on a fake clock).
 * This is the composition root: it makes the parts, connects each to the next, and
 * registers how to undo each connection as it is made, so `close()` leaves nothing
 * subscribed, scheduled or open. Policy lives in the parts, not here.
 */
export function servicesFrom(
  dataSources: readonly DataSource[],
  config: Pick<LockstepConfig, 'mode' | 'alertPollSeconds'> & Partial<Pick<LockstepConfig, 'correlation' | 'escalation' | 'incidentQuietSeconds' | 'ackLeaseMinutes' | 'watchdogGraceSeconds' | 'rollback' | 'notifications' | 'dashboardsDir' | 'trustedSigners'>>,
  options: ServicesOptions,
  /** How Settings may change the sources while running; absent, the sources are fixed (tests that make their own). */
  opened?: OpenedSources,
): LockstepServices {
  const now = options.now ?? Date.now;
  const warn = (message: string) => console.warn(`[lockstep] ${message}`);
  const teardown = new Disposables((error) => warn(`stopping: ${describeError(error)}`));
  ensurePrivateDir(options.dataDir);

  const hub = new ClientHub();
  const broadcast = (event: EventEnvelope) => hub.broadcast(event);

  const health = new SourceHealth(now);
  const sources = new SourceSet(dataSources.map((source) => observeSource(source, health)));
  teardown.add(() => sources.close());
  const columnsThread = options.columnsThread;
  if (columnsThread) teardown.add(() => columnsThread.close());
  // Settings adds, edits and removes sources while running: made, kept, then swapped into `sources` (services/core/source-config-manager.ts).
  const manager = opened && new SourceConfigManager({ catalog: opened.catalog, set: sources, make: async (c) => observeSource(await opened.make(c), health), problems: opened.problems, log: warn });
  if (manager) teardown.add(() => manager.close());
  // What reads the source list only when it starts is started again when it changes.
  const followers = new SourceFollowers();
  teardown.add(() => followers.stopAll());
  teardown.add(health.onChange((status) => broadcast({ event: 'sourceStatus', payload: status })));

  // incidents.json is this console's cache (its notifications, rollbacks, the incidents it saw resolve), never the truth: that is Alertmanager.
  // The policy the team's Prometheus and Alertmanager run (compiled from the same JSON), so "Escalate now" offers its levels.
  const escalationPolicy = config.escalation ?? DEFAULT_POLICY;
  const correlation = { ...(config.correlation ?? DEFAULT_CORRELATION), ...(config.incidentQuietSeconds !== undefined ? { resolveAfterQuietSeconds: config.incidentQuietSeconds } : {}) };
  const incidents = new IncidentTracker(join(options.dataDir, 'incidents.json'), now, warn, correlation);
  teardown.add(incidents.onChange((snapshot) => broadcast({ event: 'incidents', payload: snapshot })));
  const journal = new ActionJournal(join(options.dataDir, 'actions.jsonl'), warn, now);
  for (const entry of journal.unsettled()) warn(`action ${entry.state === 'pending' ? 'queued' : 'in doubt'} after restart: ${entry.summary}`);
  const actions = new ActionPipeline(journal, now);
  teardown.add(() => actions.close());
  teardown.add(actions.onChange((list) => broadcast({ event: 'actions', payload: { actions: list } })));
  // One call graph serves correlation and rollback offers, unless the config gives rollback its own.
  const configuredPolicy: RollbackPolicy = {
    windowMinutes: config.rollback?.windowMinutes ?? 30,
    callGraph: Object.keys(config.rollback?.callGraph ?? {}).length > 0 ? config.rollback!.callGraph! : incidents.config.callGraph,
  };
  // Both read the configured graph merged with what the trace backends saw call what (services/incidents/trace-call-graph.ts).
  const { rollbackPolicy, close: stopCallGraph } = followTraceCallGraph({ sources, now, warn, incidents, rollback: configuredPolicy });
  teardown.add(stopCallGraph);

  // Each console tells its own person, once per incident (services/notifications/incident-notifier.ts); pages are Alertmanager's.
  const notifier = new IncidentNotifier({
    incidents,
    now,
    send: (payload) => broadcast({ event: 'notification', payload }),
    ...(config.notifications?.remindMinutes !== undefined ? { remindMs: config.notifications.remindMinutes * 60_000 } : {}),
  });
  teardown.add(() => notifier.close());
  const ackLeaseMs = (config.ackLeaseMinutes ?? DEFAULT_ACK_LEASE_MS / 60_000) * 60_000;
  const prometheusIds = new Set(sources.describe().filter((s) => s.kind === 'prometheus').map((s) => s.id));
  const nameOf = (id: string) => sources.describe().find((s) => s.id === id)?.name ?? id;
  // Started below with the other parts that follow the source list (services/core/source-followers.ts).
  let probe: PrometheusProbe | undefined;
  const leases = new AckLeaseKeeper({
    sources,
    now,
    leaseMs: ackLeaseMs,
    config: incidents.config,
    sourceOfSilence: (id) => alerts.sourceOfSilence(id),
    sourceOfIncident: (incident) => alerts.current().alerts.find((a) => incident.alerts.includes(a.fingerprint))?.source,
    warn,
  });
  // What the deployer released lately: a failure right after a release is named for it (shared/incident/correlate).
  let releases: ServiceRelease[] = [];
  let lastAlertsJson: string | undefined;
  const alerts = new AlertPoller(
    sources,
    config.alertPollSeconds * 1000,
    (snapshot) => {
      // The list only when it changed; freshness and health always (a wall must see it is live).
      const alertsJson = JSON.stringify(snapshot.alerts);
      broadcast({ event: 'alerts', payload: alertsPayload(snapshot, alertsJson === lastAlertsJson) });
      lastAlertsJson = alertsJson;
      // While blind (a source down, Prometheus down, the watchdog missing) nothing resolves: a missing alert is unknown.
      incidents.observe({ alerts: snapshot.alerts, notes: snapshot.notes, silences: snapshot.silences, blind: snapshot.health.blind, releases });
      notifier.observe(incidents.list());
      if (!snapshot.complete) return;
      void leases.maintain(incidents.list(), snapshot.silences, snapshot.health.blind);
      for (const renewer of renewers) {
        renewer.renew(snapshot.alerts.filter((a) => a.source === renewer.sourceId)).catch((e: unknown) => warn(`renewing escalations: ${errorMessage(e)}`));
      }
      for (const renewer of noteRenewers) {
        renewer.renew(incidents.notesToRenew().filter((a) => a.source === renewer.sourceId)).catch((e: unknown) => warn(`renewing notes: ${errorMessage(e)}`));
      }
      // Actions left in doubt or queued by a previous run resume once the incidents they name are known again.
      if (!recovering) {
        recovering = actions.recover(revivers()).catch((e: unknown) => warn(`resuming actions: ${errorMessage(e)}`));
      }
    },
    {
      now,
      ...(config.watchdogGraceSeconds !== undefined ? { watchdogGraceMs: config.watchdogGraceSeconds * 1000 } : {}),
      // Prometheus down (probed every 2 s, or judged down from the panels' queries) is blind: no rule can fire.
      otherBlindness: () => {
        const probed = probe?.reasons(nameOf) ?? [];
        const down = health
          .current()
          .filter((status) => prometheusIds.has(status.source) && status.state === 'down' && !probed.some((r) => r.startsWith(`${nameOf(status.source)} `)))
          .map((status) => `${nameOf(status.source)} does not answer: ${status.message}`);
        return [...probed, ...down];
      },
    },
  );
  followers.follow(() => {
    prometheusIds.clear();
    for (const s of sources.describe()) if (s.kind === 'prometheus') prometheusIds.add(s.id);
    const started = new PrometheusProbe(sources, prometheusIds, now);
    probe = started;
    started.start();
    return () => started.stop();
  });
  // Manual escalations are re-posted by whichever consoles run, so they last while their alert fires.
  let renewers: (EscalationRenewer & { sourceId: string })[] = [];
  // Notes on open incidents likewise (services/incidents/incident-notes.ts).
  let noteRenewers: (NoteRenewer & { sourceId: string })[] = [];
  followers.follow(() => {
    renewers = sources.all('alerts').map(({ source, capability }) => Object.assign(new EscalationRenewer(capability, now), { sourceId: source.id }));
    noteRenewers = sources.all('alerts').map(({ source, capability }) => Object.assign(new NoteRenewer(capability, now), { sourceId: source.id }));
    return () => {};
  });
  let recovering: Promise<void> | undefined;
  const live = new LiveQueryHub(sources, now);
  const tails = new LogTailHub(sources, now);
  teardown.add(() => tails.close());
  teardown.add(() => live.close());
  const broadcastDeployments = (deployments: Deployment[]) => {
    releases = releasesOf(deployments);
    broadcast({ event: 'deployments', payload: { deployments } });
  };
  followers.follow(() => startDeployPolling({ sources, onDeployments: broadcastDeployments, warn }));
  alerts.start();
  if (manager) {
    teardown.add(
      manager.onChange((change) => {
        followers.restartAll();
        clearStaleWarnings(health, sources, change.changed);
        // A new Alertmanager's alerts show now, not a poll later.
        void alerts.poll();
        broadcast({ event: 'sourcesChanged', payload: { sources: sources.describe(), sentence: change.sentence } });
      }),
    );
  }
  teardown.add(() => alerts.stop());

  // Signs exported incident files; made on first use and kept where the host says (owner-only in the data folder unless it gives a store).
  const signingKey = new InstallSigningKey(options.signingKeyStore ?? join(options.dataDir, 'signing-key.json'), now);
  // Loaded now so the session can list this console's own key; a refusal is said once here and again, precisely, on export.
  void signingKey.publicKeyBase64().catch((error: unknown) => warn(`exported incident files cannot be signed yet: ${describeError(error)}`));
  const session = (host: SessionInfo['host']): SessionInfo => ({
    product: 'Lockstep',
    version: options.version,
    mode: config.mode,
    host,
    readOnly: false,
    defaultActor: options.defaultActor,
    sources: sources.describe(),
    sourceStatus: runningStatuses(health, sources),
    dashboard: warRoomDashboard,
    trustedSigners: [...signingKey.selfAsTrustedSigner(), ...(config.trustedSigners ?? [])],
    escalation: summarizePolicy(escalationPolicy, now()),
    alertPollSeconds: config.alertPollSeconds,
    serverTime: now(),
  });

  const shared: Omit<ServiceContext, 'session'> = {
    sources,
    live,
    tails,
    alerts,
    incidents,
    actions,
    ackLeaseMs,
    rollbackPolicy,
    escalationPolicy,
    dashboard: warRoomDashboard,
    // Each person's saved dashboards in dashboards.json beside the other state (owner-only), unless the host gives its settings store.
    dashboards: new DashboardLibrary({ builtIn: BUILT_IN_DASHBOARDS, dir: config.dashboardsDir, saved: new SavedDashboards(options.dashboardStore ?? new PrivateJsonFile(join(options.dataDir, 'dashboards.json'), warn), warn), now }),
    now,
    broadcastDeployments,
    signingKey,
    version: options.version,
    reportAssets: new ReportAssetSource(options.reportDir),
    ...(manager && opened
      ? {
          sourceSettings: new SourceSettings({
            manager,
            credentials: options.credentials,
            configOrigin: opened.configOrigin,
            savedIn: opened.savedIn,
            kinds: SourceKindSchema.options.filter((kind) => kind !== 'demo' || options.embeddedSource !== undefined),
            test: (json) => testSource(json, { credentials: options.credentials, embedded: options.embeddedSource, dashboard: warRoomDashboard, now }),
            log: warn,
            now,
          }),
        }
      : {}),
  };
  const context = (client: ClientSession): ServiceContext => ({ ...shared, session: () => session(client.host ?? 'web') });
  const revivers = () => ({
    acknowledge: (raw: unknown) => acknowledgeIncidentAction(IncidentActionRequestSchema.parse(raw), shared),
    unacknowledge: (raw: unknown) => unacknowledgeIncidentAction(IncidentActionRequestSchema.parse(raw), shared),
    resolve: (raw: unknown) => resolveIncidentAction(IncidentActionRequestSchema.parse(raw), shared),
    escalate: (raw: unknown) => escalateIncidentAction(EscalateRequestSchema.parse(raw), shared),
    note: (raw: unknown) => addNoteAction(JournalledNoteSchema.parse(raw), shared),
    rollback: rollbackReviver(rollbackDeps(shared)),
    'shift-traffic': shiftReviver(rollbackDeps(shared)),
  });

  return {
    handle: (method, request, client) => dispatch(method, request, client, context(client)),
    attach(client) {
      hub.attach(client);
      const current = alerts.current();
      if (current.fetchedAt) client.send({ event: 'alerts', payload: alertsPayload(current) });
      client.send({ event: 'incidents', payload: incidents.snapshot() });
      for (const status of runningStatuses(health, sources)) client.send({ event: 'sourceStatus', payload: status });
      client.send({ event: 'actions', payload: { actions: actions.list() } });
    },
    detach(clientId) {
      live.clear(clientId);
      tails.clear(clientId);
      hub.detach(clientId);
    },
    onEvent: (listener) => hub.onEvent(listener),
    session,
    close: () => teardown.dispose(),
  };
}
