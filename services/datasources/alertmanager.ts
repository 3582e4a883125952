import type { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import type { Alert, Silence } from '../../shared';
import { AmAlertsSchema, AmPostableAlertSchema, AmPostSilenceAnswerSchema, AmSilencesSchema, toAlert, toSilence } from './alertmanager-schemas';
import { baseUrl, redact } from './endpoint-url';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import { SourceError, type DataSource, type NewSilence, type PostableAlert } from './types';

/** Alertmanager API v2: alerts, silences, and silences as acknowledgements. */
export function createAlertmanagerSource(config: SourceConfigOf<'alertmanager'>, deps: SourceDeps = {}): DataSource {
  const base = baseUrl(config.url);
  const http = sourceHttp(config, deps);

  const call = <S extends z.ZodType>(path: string, schema: S, signal: AbortSignal | undefined, body?: unknown) =>
    http.json(`${base}/api/v2${path}`, schema, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });

  async function listAlerts(signal?: AbortSignal): Promise<Alert[]> {
    const alerts = await call('/alerts', AmAlertsSchema, signal);
    const now = Date.now();
    return alerts.map((alert) => toAlert(alert, config.id, now));
  }

  async function listSilences(signal?: AbortSignal): Promise<Silence[]> {
    return (await call('/silences', AmSilencesSchema, signal)).map(toSilence);
  }

  async function createSilence(silence: NewSilence, signal?: AbortSignal): Promise<{ silenceId: string }> {
    const answer = await call('/silences', AmPostSilenceAnswerSchema, signal, {
      ...(silence.id ? { id: silence.id } : {}),
      matchers: silence.matchers,
      startsAt: new Date(silence.startsAt).toISOString(),
      endsAt: new Date(silence.endsAt).toISOString(),
      createdBy: silence.createdBy,
      comment: silence.comment,
    });
    return { silenceId: answer.silenceID };
  }

  async function expireSilence(silenceId: string, signal?: AbortSignal): Promise<void> {
    const answer = await http.text(`${base}/api/v2/silence/${encodeURIComponent(silenceId)}`, { method: 'DELETE', signal });
    // An already expired silence is what was wanted.
    if ((answer.status < 200 || answer.status >= 300) && !/already expired/i.test(answer.text)) {
      throw new SourceError(config.id, `${config.name} refused to expire silence ${silenceId}: ${answer.text.trim().slice(0, 200) || answer.status}`, 'rejected');
    }
  }

  async function postAlerts(alerts: readonly PostableAlert[], signal?: AbortSignal): Promise<void> {
    const body = alerts.map((alert) => AmPostableAlertSchema.parse({
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: new Date(alert.startsAt).toISOString(),
      endsAt: new Date(alert.endsAt).toISOString(),
      ...(alert.generatorURL ? { generatorURL: alert.generatorURL } : {}),
    }));
    const answer = await http.text(`${base}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    if (answer.status < 200 || answer.status >= 300) {
      throw new SourceError(config.id, `${config.name} refused the alert: ${answer.text.trim().slice(0, 200) || answer.status}`, 'rejected');
    }
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    alerts: { listAlerts, listSilences, createSilence, expireSilence, postAlerts },
  };
}

