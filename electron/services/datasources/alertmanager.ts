import type { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import { firstLine, httpText } from '../http/request';
import type { Alert, Silence } from '../../../shared';
import { AmAlertsSchema, AmPostSilenceAnswerSchema, AmSilencesSchema, toAlert, toSilence } from './alertmanager-schemas';
import { baseUrl, redact } from './endpoint-url';
import { SourceError, type DataSource, type NewSilence } from './types';

/** Alertmanager API v2: alerts, silences, and silences as acknowledgements. */
export function createAlertmanagerSource(config: SourceConfigOf<'alertmanager'>): DataSource {
  const base = baseUrl(config.url);
  const host = new URL(base).host;

  async function call<S extends z.ZodType>(
    path: string,
    schema: S,
    signal: AbortSignal | undefined,
    body?: unknown,
  ): Promise<z.output<S>> {
    const response = await httpText(`${base}/api/v2${path}`, {
      sourceId: config.id,
      method: body === undefined ? 'GET' : 'POST',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: config.timeoutMs,
      signal,
    });
    if (response.status < 200 || response.status >= 300) {
      throw new SourceError(
        config.id,
        `${config.name} (${host}) refused ${body === undefined ? 'the request' : 'the change'}: ${reason(response.text, response.status)}`,
        response.status === 404 ? 'not_found' : 'rejected',
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw new SourceError(config.id, `${host} answered with something that is not JSON: ${firstLine(response.text)}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SourceError(config.id, `${host} sent an unexpected answer (${issue?.path.join('.') || 'the top level'}: ${issue?.message ?? 'invalid'})`);
    }
    return parsed.data;
  }

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
      matchers: silence.matchers,
      startsAt: new Date(silence.startsAt).toISOString(),
      endsAt: new Date(silence.endsAt).toISOString(),
      createdBy: silence.createdBy,
      comment: silence.comment,
    });
    return { silenceId: answer.silenceID };
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    alerts: { listAlerts, listSilences, createSilence },
  };
}

/** Alertmanager answers errors as {"code","message"} (422) or as a bare JSON string (400). */
function reason(text: string, status: number): string {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'string' && json) return json;
    if (typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string') {
      return (json as { message: string }).message;
    }
  } catch {
    // not JSON: fall through to the raw first line
  }
  return firstLine(text) || `HTTP ${status}`;
}
