import { ESCALATION_ALERTNAME, templateFor, type EscalationPolicy } from './policy';
import { levelTitle } from './compile';

/**
 * "Escalate now": the alert a console posts to Alertmanager. Its labels are a function of
 * the incident's alert and the level only — exactly the labels the Prometheus rule gives
 * that level's escalation alert — so two consoles posting it, or a console and the rule,
 * make ONE alert in Alertmanager and one page. Who and when go in annotations.
 *
 * Lifetime: posted with endsAt = now + MANUAL_ESCALATION_TTL_MS. Any running console renews
 * it (re-posts, same labels) while the escalated alert still fires; with no console it
 * lapses on its own after the TTL. The page it caused is not repeated by a renewal:
 * Alertmanager notifies a group again only when its alerts change or at repeat_interval.
 */
export const MANUAL_ESCALATION_TTL_MS = 10 * 60_000;
/** Renew when less than this is left. */
export const MANUAL_ESCALATION_RENEW_MS = 5 * 60_000;
export const MANUAL_ANNOTATION = 'lockstep_manual';

export interface PostedAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt: number;
}

export interface EscalationSubject {
  /** The labels of the incident's alert being escalated: at least the grouping labels; all of them to coincide with the rule's alert. */
  labels: Record<string, string>;
  /** Its alertname (wins over labels.alertname). */
  alertname: string;
}

/** The labels of the escalation alert for a source alert at a level (same as the Prometheus rule's). */
export function escalationLabels(subject: EscalationSubject, level: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(subject.labels)) if (v !== '' && k !== 'alertstate') labels[k] = v;
  labels.alertname = ESCALATION_ALERTNAME;
  labels.escalation = level;
  labels.severity = 'critical';
  labels.escalated_alert = subject.alertname;
  return labels;
}

/** Prometheus-style `{{ $labels.name }}` substitution (the only template the console renders). */
export function renderLabels(template: string, labels: Record<string, string>): string {
  return template.replace(/\{\{\s*\$labels\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

/**
 * The annotations Prometheus renders for the rule-made escalation alert with these labels
 * (compile.ts's template switch, evaluated here): the embedded demo shows the same text.
 */
export function ruleEscalationAnnotations(policy: EscalationPolicy, labels: Record<string, string>): Record<string, string> {
  const lead = `Escalated to level ${levelTitle(labels.escalation ?? '')}: nobody acknowledged ${labels.escalated_alert ?? ''}`;
  const template = templateFor(policy, labels);
  if (!template) return { summary: lead, description: '' };
  return { summary: `${lead} — ${renderLabels(template.summary, labels)}`, description: renderLabels(template.description, labels) };
}

export function manualEscalationAlert(
  policy: EscalationPolicy,
  subject: EscalationSubject,
  level: string,
  actor: string,
  now: number,
): PostedAlert {
  const index = policy.levels.findIndex((l) => l.name === level);
  if (index < 1) {
    const allowed = policy.levels.slice(1).map((l) => l.name).join(', ');
    throw new RangeError(`"${level}" is not a level to escalate to in policy ${policy.id} (levels after A: ${allowed || 'none'})`);
  }
  const labels = escalationLabels(subject, level);
  const template = templateFor(policy, labels);
  const lead = `Escalated to level ${levelTitle(level)} by ${actor}: ${subject.alertname}`;
  return {
    labels,
    annotations: {
      summary: template ? `${lead} — ${renderLabels(template.summary, labels)}` : lead,
      description: template ? renderLabels(template.description, labels) : '',
      escalated_by: actor,
      escalated_at: new Date(now).toISOString(),
      [MANUAL_ANNOTATION]: 'true',
    },
    startsAt: now,
    endsAt: now + MANUAL_ESCALATION_TTL_MS,
  };
}

interface ListedAlert {
  name: string;
  state: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  endsAt?: number;
}

/**
 * Manual escalation alerts a running console should re-post now: posted by a console (the
 * rule has not taken them over), still firing, and whose escalated alert still fires.
 * `expiresAt` is when each lapses if nobody renews it (Alertmanager's endsAt; the caller
 * passes what it knows, or undefined to renew unconditionally).
 */
export function escalationsToRenew<A extends ListedAlert>(
  alerts: readonly A[],
  now: number,
  expiresAt: (alert: A) => number | undefined = () => undefined,
): A[] {
  const firing = alerts.filter((a) => a.state === 'firing' && a.name !== ESCALATION_ALERTNAME);
  const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
  return alerts.filter((esc) => {
    if (esc.name !== ESCALATION_ALERTNAME || esc.state !== 'firing' || esc.annotations[MANUAL_ANNOTATION] !== 'true') return false;
    const level = esc.labels.escalation;
    const source = esc.labels.escalated_alert;
    if (!level || !source) return false;
    const wanted = key(esc.labels);
    if (!firing.some((a) => a.name === source && key(escalationLabels({ labels: a.labels, alertname: a.name }, level)) === wanted)) return false;
    const ends = expiresAt(esc);
    return ends === undefined || ends - now < MANUAL_ESCALATION_RENEW_MS;
  });
}
