import { join } from 'node:path';
import {
  type Alert,
  type Deployment,
  type EventEnvelope,
  type MethodName,
  type RpcReply,
  type SessionInfo,
  methods,
} from '../../shared';
import { ActionJournal } from '../actions/action-journal';
import { ActionPipeline } from '../actions/action-pipeline';
import { AlertPoller, type AlertSnapshot } from '../alerts/alert-poller';
import type { LockstepConfig } from '../config/sources';
import { warRoomDashboard } from '../dashboards/war-room';
import { createDataSource } from '../datasources/registry';
import { SourceSet } from '../datasources/source-set';
import type { DataSource } from '../datasources/types';
import { IncidentTracker } from '../incidents/incident-tracker';
import { LiveQueryHub } from '../live/live-queries';
import { toApiError } from '../util/errors';
import type { ClientSession } from './client';
import { handlers } from './handlers';
import type { LockstepServices, ServicesOptions } from './lockstep-services';
import type { ServiceContext } from './service-context';

const DEPLOY_POLL_MS = 10_000;

/** Wires sources, polling, incidents and actions into the one API both hosts serve. */
export async function createServices(config: LockstepConfig, options: ServicesOptions): Promise<LockstepServices> {
  return servicesFrom(await Promise.all(config.sources.map((c) => createDataSource(c, options.embeddedSource))), config, options);
}

/** The same, on sources made by the caller (tests drive a demo fleet on a fake clock). */
export function servicesFrom(
  dataSources: readonly DataSource[],
  config: Pick<LockstepConfig, 'mode' | 'alertPollSeconds'> & Partial<Pick<LockstepConfig, 'incidentResolveGraceSeconds'>>,
  options: ServicesOptions,
): LockstepServices {
  const now = options.now ?? Date.now;
  const warn = (message: string) => console.warn(`[lockstep] ${message}`);
  const sources = new SourceSet(dataSources);
  const clients = new Map<string, ClientSession>();
  const listeners = new Set<(event: EventEnvelope) => void>();
  const notified = new Set<string>();

  const broadcast = (event: EventEnvelope) => {
    for (const client of clients.values()) client.send(event);
    for (const listener of listeners) listener(event);
  };

  const incidents = new IncidentTracker(join(options.dataDir, 'incidents.json'), now, warn, (config.incidentResolveGraceSeconds ?? 120) * 1000);
  const journal = new ActionJournal(join(options.dataDir, 'actions.jsonl'), warn);
  for (const entry of journal.inDoubt()) warn(`action in doubt after restart: ${entry.summary}`);
  incidents.onChange((snapshot) => broadcast({ event: 'incidents', payload: snapshot }));

  const onAlerts = (snapshot: AlertSnapshot) => {
    broadcast({
      event: 'alerts',
      payload: { alerts: snapshot.alerts, fetchedAt: snapshot.fetchedAt, ...(snapshot.error ? { error: snapshot.error } : {}) },
    });
    if (!snapshot.complete) return;
    const { newAlerts } = incidents.observe(snapshot.alerts.filter((a) => a.state === 'firing'));
    for (const alert of newAlerts) notify(alert);
  };

  const notify = (alert: Alert) => {
    if (alert.severity !== 'critical' || alert.silencedBy.length > 0) return;
    const incident = incidents.incidentFor(alert.fingerprint);
    const id = `${alert.fingerprint}:${alert.startsAt}`;
    if (notified.has(id)) return;
    notified.add(id);
    broadcast({
      event: 'notification',
      payload: {
        id,
        title: `Critical: ${alert.name}`,
        body: alert.annotations.summary ?? alert.name,
        severity: alert.severity,
        alertFingerprint: alert.fingerprint,
        ...(incident ? { incidentId: incident.id } : {}),
      },
    });
    if (incident) {
      incidents.record(incident.id, 'notified', `Notified consoles: ${alert.annotations.summary ?? alert.name}`);
      incidents.commit();
    }
  };

  const alerts = new AlertPoller(sources, config.alertPollSeconds * 1000, onAlerts, now);
  const live = new LiveQueryHub(sources, now);
  const actions = new ActionPipeline(journal, now);
  const broadcastDeployments = (deployments: Deployment[]) => broadcast({ event: 'deployments', payload: { deployments } });

  const session = (host: SessionInfo['host']): SessionInfo => ({
    product: 'Lockstep',
    version: options.version,
    mode: config.mode,
    host,
    readOnly: false,
    defaultActor: options.defaultActor,
    sources: sources.describe(),
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
    assertWritable: () => {},
    broadcastDeployments,
  });

  let deployTimer: ReturnType<typeof setInterval> | undefined;
  if (sources.has('deploys')) {
    deployTimer = setInterval(() => {
      sources
        .pick('deploys')
        .capability.listDeployments()
        .then(broadcastDeployments)
        .catch((error) => warn(`deployments: ${toApiError(error).message}`));
    }, DEPLOY_POLL_MS);
    deployTimer.unref?.();
  }
  alerts.start();

  return {
    async handle(method: MethodName, request: unknown, client: ClientSession): Promise<RpcReply> {
      const spec = methods[method];
      if (!spec) return { ok: false, error: { code: 'bad_request', message: `Unknown request "${String(method)}".` } };
      const parsed = spec.request.safeParse(request ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        return { ok: false, error: { code: 'bad_request', message: `${where}${issue?.message ?? 'invalid request'}` } };
      }
      try {
        const handler = handlers[method] as (r: unknown, c: ClientSession, ctx: ServiceContext) => Promise<unknown>;
        const value = await handler(parsed.data, client, context(client));
        return { ok: true, value: spec.response.parse(value) };
      } catch (error) {
        return { ok: false, error: toApiError(error) };
      }
    },
    attach(client: ClientSession) {
      clients.set(client.id, client);
      const current = alerts.current();
      if (current.fetchedAt) {
        client.send({ event: 'alerts', payload: { alerts: current.alerts, fetchedAt: current.fetchedAt, ...(current.error ? { error: current.error } : {}) } });
      }
      client.send({ event: 'incidents', payload: incidents.snapshot() });
    },
    detach(clientId: string) {
      live.clear(clientId);
      clients.delete(clientId);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    session,
    async close() {
      alerts.stop();
      live.close();
      clearInterval(deployTimer);
      await sources.close();
    },
  };
}
