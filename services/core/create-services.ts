import { join } from 'node:path';
import type { Deployment, EventEnvelope, SessionInfo } from '../../shared';
import { ActionJournal } from '../actions/action-journal';
import { ActionPipeline } from '../actions/action-pipeline';
import { AlertPoller, alertsPayload } from '../alerts/alert-poller';
import type { LockstepConfig } from '../config/sources';
import { warRoomDashboard } from '../dashboards/war-room';
import { createDataSource } from '../datasources/registry';
import { SourceSet } from '../datasources/source-set';
import type { DataSource } from '../datasources/types';
import { startDeployPolling } from '../deploys/deploy-polling';
import { observeSource } from '../health/observed-source';
import { SourceHealth } from '../health/source-health';
import { IncidentTracker } from '../incidents/incident-tracker';
import { LiveQueryHub } from '../live/live-queries';
import { AlertNotifier } from '../notifications/alert-notifier';
import { Disposables } from '../util/disposables';
import { ensurePrivateDir } from '../util/private-files';
import type { ClientSession } from './client';
import { ClientHub } from './client-hub';
import { dispatch } from './dispatch';
import type { LockstepServices, ServicesOptions } from './lockstep-services';
import type { ServiceContext } from './service-context';

/** Wires sources, polling, incidents and actions into the one API both hosts serve. */
export async function createServices(config: LockstepConfig, options: ServicesOptions): Promise<LockstepServices> {
  return servicesFrom(await Promise.all(config.sources.map((c) => createDataSource(c, options.embeddedSource, options.credentials))), config, options);
}

/**
 * The same, on sources made by the caller (tests drive a demo fleet on a fake clock).
 * This is the composition root: it makes the parts, connects each to the next, and
 * registers how to undo each connection as it is made, so `close()` leaves nothing
 * subscribed, scheduled or open. Policy lives in the parts, not here.
 */
export function servicesFrom(
  dataSources: readonly DataSource[],
  config: Pick<LockstepConfig, 'mode' | 'alertPollSeconds'> & Partial<Pick<LockstepConfig, 'incidentResolveGraceSeconds'>>,
  options: ServicesOptions,
): LockstepServices {
  const now = options.now ?? Date.now;
  const warn = (message: string) => console.warn(`[lockstep] ${message}`);
  const teardown = new Disposables((error) => warn(`stopping: ${error instanceof Error ? error.message : String(error)}`));
  ensurePrivateDir(options.dataDir);

  const hub = new ClientHub();
  const broadcast = (event: EventEnvelope) => hub.broadcast(event);

  const health = new SourceHealth(now);
  const sources = new SourceSet(dataSources.map((source) => observeSource(source, health)));
  teardown.add(() => sources.close());
  teardown.add(health.onChange((status) => broadcast({ event: 'sourceStatus', payload: status })));

  const incidents = new IncidentTracker(join(options.dataDir, 'incidents.json'), now, warn, (config.incidentResolveGraceSeconds ?? 120) * 1000);
  teardown.add(incidents.onChange((snapshot) => broadcast({ event: 'incidents', payload: snapshot })));
  const journal = new ActionJournal(join(options.dataDir, 'actions.jsonl'), warn);
  for (const entry of journal.inDoubt()) warn(`action in doubt after restart: ${entry.summary}`);
  const actions = new ActionPipeline(journal, now);

  const notifier = new AlertNotifier({ incidents, send: (payload) => broadcast({ event: 'notification', payload }) });
  const alerts = new AlertPoller(
    sources,
    config.alertPollSeconds * 1000,
    (snapshot) => {
      broadcast({ event: 'alerts', payload: alertsPayload(snapshot) });
      // Only a complete answer folds into incidents: an alert missing because its source was down has not resolved.
      if (!snapshot.complete) return;
      const { newAlerts } = incidents.observe(snapshot.alerts.filter((a) => a.state === 'firing'));
      notifier.notify(newAlerts);
    },
    now,
  );
  const live = new LiveQueryHub(sources, now);
  teardown.add(() => live.close());
  const broadcastDeployments = (deployments: Deployment[]) => broadcast({ event: 'deployments', payload: { deployments } });
  teardown.add(startDeployPolling({ sources, onDeployments: broadcastDeployments, warn }));
  alerts.start();
  teardown.add(() => alerts.stop());

  const session = (host: SessionInfo['host']): SessionInfo => ({
    product: 'Lockstep',
    version: options.version,
    mode: config.mode,
    host,
    readOnly: false,
    defaultActor: options.defaultActor,
    sources: sources.describe(),
    sourceStatus: health.current(),
    dashboard: warRoomDashboard,
    serverTime: now(),
  });

  const context = (client: ClientSession): ServiceContext => ({
    sources,
    live,
    alerts,
    incidents,
    actions,
    dashboard: warRoomDashboard,
    now,
    session: () => session(client.host ?? 'web'),
    broadcastDeployments,
  });

  return {
    handle: (method, request, client) => dispatch(method, request, client, context(client)),
    attach(client) {
      hub.attach(client);
      const current = alerts.current();
      if (current.fetchedAt) client.send({ event: 'alerts', payload: alertsPayload(current) });
      client.send({ event: 'incidents', payload: incidents.snapshot() });
      for (const status of health.current()) client.send({ event: 'sourceStatus', payload: status });
    },
    detach(clientId) {
      live.clear(clientId);
      hub.detach(clientId);
    },
    onEvent: (listener) => hub.onEvent(listener),
    session,
    close: () => teardown.dispose(),
  };
}
