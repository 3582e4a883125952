import type { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import type { SourceProblem } from '../http/problems';
import type { SourceHttp } from '../http/source-http';
import { errorReason } from '../http/request';
import {
  AmAlertGroupsSchema,
  AmAlertsSchema,
  AmPostSilenceAnswerSchema,
  AmSilencesSchema,
  AmStatusSchema,
  type AmAlert,
  type AmPostableAlert,
  type AmSilence,
  type AmStatus,
} from './alertmanager-schemas';
import { redact } from './endpoint-url';
import { SourceError } from './types';

/** A member failed on its own side (HTTP 5xx): the request did not take there, and another member may take it. */
export class MemberServerError extends SourceError {
  constructor(
    sourceId: string,
    message: string,
    readonly status: number,
  ) {
    super(sourceId, message, 'rejected');
  }
}

/** Failures where the request never reached the member (services/http/problems.ts), so another may take it. */
const NOTHING_SENT: ReadonlySet<SourceProblem> = new Set<SourceProblem>(['dns', 'dns_unavailable', 'refused', 'no_route', 'connect_timeout', 'proxy_refused', 'proxy_dns']);

/**
 * Whether a write that failed on one member may go to the next: only when the member could
 * not be reached or broke on its side (5xx). Never after a refusal (4xx: the next would
 * refuse the same request), nor when the request may have landed — a timeout after
 * connecting, a connection reset or cut mid-answer: sending it elsewhere could make a
 * second silence; the action pipeline reads the state back before trying again.
 */
export function mayTryNextMember(error: unknown): boolean {
  if (error instanceof MemberServerError) return true;
  if (!(error instanceof SourceError)) return false;
  if (error.problem !== undefined) return NOTHING_SENT.has(error.problem);
  return error.kind === 'unreachable';
}

/** Whether the error says the member is not there (as opposed to refusing one request). */
export function memberIsDown(error: unknown): boolean {
  return error instanceof MemberServerError || (error instanceof SourceError && (error.kind === 'unreachable' || error.kind === 'timeout'));
}

/** A silence as POST /api/v2/silences takes it. */
export interface AmPostableSilence {
  id?: string;
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual: boolean }>;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export type AmAlertGroup = { receiver: string; labels: Record<string, string>; alerts: AmAlert[] };

/** One Alertmanager's API v2, at one URL. */
export interface AlertmanagerMember {
  /** host:port, how messages name it. */
  readonly name: string;
  /** Its URL with no credential in it. */
  readonly endpoint: string;
  alerts(signal?: AbortSignal): Promise<AmAlert[]>;
  silences(signal?: AbortSignal): Promise<AmSilence[]>;
  groups(signal?: AbortSignal): Promise<AmAlertGroup[]>;
  status(signal?: AbortSignal): Promise<AmStatus>;
  createSilence(silence: AmPostableSilence, signal?: AbortSignal): Promise<string>;
  expireSilence(silenceId: string, signal?: AbortSignal): Promise<void>;
  postAlerts(alerts: readonly AmPostableAlert[], signal?: AbortSignal): Promise<void>;
}

export function alertmanagerMember(config: SourceConfigOf<'alertmanager'>, base: string, http: SourceHttp): AlertmanagerMember {
  const endpoint = redact(base);
  const name = new URL(endpoint).host;
  const serverError = (status: number, what: string, reason: string) =>
    new MemberServerError(config.id, `${config.name} (${name}) answered ${status} ${what}: ${reason}`, status);
  // 5xx is told apart so another member can be tried; other refusals keep the common wording.
  const refused = (what: string) => (status: number, reason: string) => (status >= 500 ? serverError(status, what, reason) : undefined);
  const get = <S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal) =>
    http.json(`${base}/api/v2${path}`, schema, { signal, refused: refused(`to GET ${path}`) });

  return {
    name,
    endpoint,
    alerts: (signal) => get('/alerts', AmAlertsSchema, signal),
    silences: (signal) => get('/silences', AmSilencesSchema, signal),
    groups: async (signal) => (await get('/alerts/groups', AmAlertGroupsSchema, signal)).map((g) => ({ receiver: g.receiver.name, labels: g.labels, alerts: g.alerts })),
    status: (signal) => get('/status', AmStatusSchema, signal),

    async createSilence(silence, signal) {
      const answer = await http.json(`${base}/api/v2/silences`, AmPostSilenceAnswerSchema, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(silence),
        signal,
        refused: refused('to the silence'),
      });
      return answer.silenceID;
    },

    async expireSilence(silenceId, signal) {
      const answer = await http.text(`${base}/api/v2/silence/${encodeURIComponent(silenceId)}`, { method: 'DELETE', signal });
      if (answer.status >= 200 && answer.status < 300) return;
      // An already expired silence is what was wanted.
      if (/already expired/i.test(answer.text)) return;
      const reason = errorReason(answer.text, answer.status);
      if (answer.status >= 500) throw serverError(answer.status, `to expiring silence ${silenceId}`, reason);
      throw new SourceError(config.id, `${config.name} (${name}) refused to expire silence ${silenceId}: ${reason}`, 'rejected');
    },

    async postAlerts(alerts, signal) {
      const answer = await http.text(`${base}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
        signal,
      });
      if (answer.status >= 200 && answer.status < 300) return;
      const reason = errorReason(answer.text, answer.status);
      if (answer.status >= 500) throw serverError(answer.status, 'to the posted alert', reason);
      throw new SourceError(config.id, `${config.name} (${name}) refused the alert: ${reason}`, 'rejected');
    },
  };
}
