import type { SourceConfigOf } from '../config/sources';
import type { Alert, Silence } from '../../shared';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import { AlertmanagerCluster } from './alertmanager-cluster';
import { ClusterStatusWatch } from './alertmanager-cluster-health';
import { alertmanagerMember } from './alertmanager-member';
import { mergeMemberAlerts, mergeMemberGroups, mergeMemberSilences } from './alertmanager-merge';
import { AmPostableAlertSchema, toAlert, toSilence } from './alertmanager-schemas';
import { baseUrl } from './endpoint-url';
import type { AlertGroup, DataSource, NewSilence, PostableAlert } from './types';

/**
 * Alertmanager API v2: alerts, groups, silences (acknowledgements are silences), posted
 * alerts, and its status. One source is one Alertmanager or one HA cluster (`url` plus
 * `urls`); how requests reach a cluster's members is alertmanager-cluster.ts.
 */
export function createAlertmanagerSource(config: SourceConfigOf<'alertmanager'>, deps: SourceDeps & { now?: () => number } = {}): DataSource {
  const now = deps.now ?? Date.now;
  const http = sourceHttp(config, deps);
  const urls = [...new Set([config.url, ...(config.urls ?? [])].map(baseUrl))];
  const cluster = new AlertmanagerCluster(
    config.id,
    config.name,
    urls.map((url) => alertmanagerMember(config, url, http)),
    now,
  );
  const watch = new ClusterStatusWatch(cluster, now);

  async function listAlerts(signal?: AbortSignal): Promise<Alert[]> {
    const answers = await cluster.readAll((m) => m.alerts(signal), signal);
    watch.refreshIfDue(signal);
    const at = now();
    return mergeMemberAlerts(answers.map((a) => a.value)).map((alert) => toAlert(alert, config.id, at));
  }

  async function listSilences(signal?: AbortSignal): Promise<Silence[]> {
    const answers = await cluster.readAll((m) => m.silences(signal), signal);
    return mergeMemberSilences(answers.map((a) => a.value)).map(toSilence);
  }

  async function listGroups(signal?: AbortSignal): Promise<AlertGroup[]> {
    const answers = await cluster.readAll((m) => m.groups(signal), signal);
    const at = now();
    return mergeMemberGroups(answers.map((a) => a.value)).map((g) => ({ receiver: g.receiver, labels: g.labels, alerts: g.alerts.map((a) => toAlert(a, config.id, at)) }));
  }

  /** Sent once; the member that takes it gossips it to the others, and its id is the silence's id everywhere. */
  async function createSilence(silence: NewSilence, signal?: AbortSignal): Promise<{ silenceId: string }> {
    const body = {
      ...(silence.id ? { id: silence.id } : {}),
      matchers: silence.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual })),
      startsAt: new Date(silence.startsAt).toISOString(),
      endsAt: new Date(silence.endsAt).toISOString(),
      createdBy: silence.createdBy,
      comment: silence.comment,
    };
    const { value } = await cluster.writeOnce((m) => m.createSilence(body, signal), signal);
    return { silenceId: value };
  }

  async function expireSilence(silenceId: string, signal?: AbortSignal): Promise<void> {
    await cluster.writeOnce((m) => m.expireSilence(silenceId, signal), signal);
  }

  /** To every member: Alertmanager does not gossip alerts, so a member not posted to would not route it. */
  async function postAlerts(alerts: readonly PostableAlert[], signal?: AbortSignal): Promise<void> {
    const body = alerts.map((alert) =>
      AmPostableAlertSchema.parse({
        labels: alert.labels,
        annotations: alert.annotations,
        startsAt: new Date(alert.startsAt).toISOString(),
        endsAt: new Date(alert.endsAt).toISOString(),
        ...(alert.generatorURL ? { generatorURL: alert.generatorURL } : {}),
      }),
    );
    await cluster.writeAll((m) => m.postAlerts(body, signal), signal);
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: cluster.members.map((m) => m.endpoint).join(', '),
    alerts: { listAlerts, listSilences, listGroups, createSilence, expireSilence, postAlerts, healthNote: () => watch.note() },
  };
}
