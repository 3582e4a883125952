import {
  DEFAULT_POLICY,
  describeTarget,
  escalationsToRenew,
  levelTitle,
  manualEscalationAlert,
  MANUAL_ESCALATION_TTL_MS,
  type EscalationPolicy,
  type EscalationSubject,
} from '../../shared/escalation';
import type { Alert, Silence } from '../../shared';
import type { AlertsCapability } from '../datasources/types';
import { describeError } from '../util/errors';

export interface EscalateInput {
  /** The incident's alert to escalate: its labels (the grouping labels at least; all of them to coincide with the rule's alert) and alertname. */
  subject: EscalationSubject;
  /** The level to page now: "b", "c", … (A is paged by the alert itself). */
  level: string;
  /** Who escalates; goes in the annotations only. */
  actor: string;
}

export interface EscalateDeps {
  /** The alert source that takes posted alerts (Alertmanager, or the embedded demo). */
  alerts: AlertsCapability;
  policy?: EscalationPolicy;
  now?: () => number;
}

/** Raised when escalation would page nobody or cannot be posted; the message says why. */
export class EscalationRefused extends Error {
  override name = 'EscalationRefused';
}

function matches(silence: Silence, labels: Record<string, string>): boolean {
  return silence.matchers.every((m) => {
    const value = labels[m.name] ?? '';
    let hit: boolean;
    try {
      hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(value) : value === m.value;
    } catch {
      return false;
    }
    return m.isEqual === false ? !hit : hit;
  });
}

/**
 * "Escalate now": posts the deterministic escalation alert for the subject and level.
 * Two consoles (or one twice, or a console and the Prometheus rule) make one alert in
 * Alertmanager, so one page. Refused when a silence (an acknowledgement, say) already
 * mutes it — it would page nobody; the message says whose silence.
 */
export async function escalateIncident(input: EscalateInput, deps: EscalateDeps): Promise<string> {
  const policy = deps.policy ?? DEFAULT_POLICY;
  const now = (deps.now ?? Date.now)();
  const post = deps.alerts.postAlerts;
  if (!post) throw new EscalationRefused('This alert source cannot take posted alerts, so Lockstep cannot escalate through it.');
  let alert;
  try {
    alert = manualEscalationAlert(policy, input.subject, input.level, input.actor, now);
  } catch (error) {
    throw new EscalationRefused(describeError(error));
  }
  const muting = (await deps.alerts.listSilences()).filter((s) => s.state === 'active' && matches(s, alert.labels));
  if (muting.length > 0) {
    const who = muting.map((s) => `${s.createdBy} (“${s.comment}”)`).join(', ');
    throw new EscalationRefused(`A silence by ${who} mutes this incident and would mute its escalation too, so nobody would be paged. Un-acknowledge it first.`);
  }
  await post.call(deps.alerts, [alert]);
  const level = policy.levels.find((l) => l.name === input.level)!;
  return `Escalated ${input.subject.alertname} to level ${levelTitle(input.level)} (${describeTarget(level.target)}); Alertmanager pages once, however many consoles press it.`;
}

/**
 * Keeps manual escalations alive while the alert they escalate fires: any running console
 * calls this after each poll; it re-posts (same labels, endsAt moved on) those due. With no
 * console running they lapse on their own after MANUAL_ESCALATION_TTL_MS.
 */
export class EscalationRenewer {
  private readonly lastPosted = new Map<string, number>();

  constructor(
    private readonly alerts: AlertsCapability,
    private readonly now: () => number = Date.now,
    /** Re-post at most this often per escalation (its endsAt is not in the listed model). */
    private readonly everyMs = 60_000,
  ) {}

  /** Returns how many it re-posted. */
  async renew(listed: readonly Alert[]): Promise<number> {
    if (!this.alerts.postAlerts) return 0;
    const now = this.now();
    const due = escalationsToRenew(listed, now).filter((a) => now - (this.lastPosted.get(a.fingerprint) ?? -Infinity) >= this.everyMs);
    if (due.length === 0) return 0;
    await this.alerts.postAlerts(
      due.map((a) => ({ labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, endsAt: now + MANUAL_ESCALATION_TTL_MS })),
    );
    for (const a of due) this.lastPosted.set(a.fingerprint, now);
    const live = new Set(listed.map((a) => a.fingerprint));
    for (const fp of this.lastPosted.keys()) if (!live.has(fp)) this.lastPosted.delete(fp);
    return due.length;
  }
}

/**
 * The alert of an incident to escalate, chosen the same way on every console: a firing
 * member that is not itself an escalation alert, the most severe, then the earliest, then
 * by fingerprint.
 */
export function escalationSubject(members: ReadonlyArray<Pick<Alert, 'fingerprint' | 'name' | 'severity' | 'startsAt' | 'labels'>>): EscalationSubject | undefined {
  const rank = { critical: 2, warning: 1, info: 0 } as const;
  const candidates = members
    .filter((m) => m.name !== 'LockstepEscalation' && m.name !== 'Watchdog')
    .slice()
    .sort((a, b) => rank[b.severity] - rank[a.severity] || a.startsAt - b.startsAt || a.fingerprint.localeCompare(b.fingerprint));
  const first = candidates[0];
  return first ? { labels: { ...first.labels }, alertname: first.name } : undefined;
}

