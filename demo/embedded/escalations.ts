import {
  cumulativeWaits,
  escalationLabels,
  ESCALATION_ALERTNAME,
  ruleEscalationAnnotations,
  WATCHDOG_ALERTNAME,
  WATCHDOG_RULE,
  type EscalationPolicy,
} from '../../shared/escalation';
import { fingerprint } from './template';

/** An alert as the embedded engine keeps it before it is listed. */
export interface HeldAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt?: number;
}

interface SourceView {
  labels: Record<string, string>;
  firedAt?: number;
  resolvedAt?: number;
}

const RESOLVED_RETENTION_MS = 5 * 60_000;

/**
 * What Prometheus's compiled escalation rules and the Watchdog make, and what consoles post
 * to Alertmanager ("Escalate now"), for the embedded demo: the same alerts, with the same
 * labels, so the console reads escalation the same way from the demo and from a real stack.
 */
export class EmbeddedEscalations {
  private readonly derived = new Map<string, HeldAlert>();
  private readonly posted = new Map<string, HeldAlert>();
  private readonly waits: number[];
  private watchdogSince: number | undefined;

  constructor(private readonly policy: EscalationPolicy) {
    this.waits = cumulativeWaits(policy);
  }

  /** One rule evaluation: escalation alerts whose source has fired long enough, and the Watchdog. */
  evaluate(time: number, sources: Iterable<SourceView>): void {
    this.watchdogSince ??= time;
    const seen = new Set<string>();
    for (const source of sources) {
      if (source.firedAt === undefined || source.resolvedAt !== undefined) continue;
      const name = source.labels.alertname ?? '';
      if (name === ESCALATION_ALERTNAME || name === WATCHDOG_ALERTNAME) continue;
      if (!Object.entries(this.policy.match).every(([k, v]) => source.labels[k] === v)) continue;
      for (const [i, level] of this.policy.levels.entries()) {
        if (i === 0 || time - source.firedAt < (this.waits[i] ?? 0) * 1000) continue;
        const labels = escalationLabels({ labels: source.labels, alertname: name }, level.name);
        const fp = fingerprint(labels);
        seen.add(fp);
        const held = this.derived.get(fp);
        if (!held || held.endsAt !== undefined) {
          this.derived.set(fp, { labels, annotations: ruleEscalationAnnotations(this.policy, labels), startsAt: time });
        }
      }
    }
    for (const [fp, held] of this.derived) {
      if (seen.has(fp)) continue;
      if (held.endsAt === undefined) held.endsAt = time;
      else if (time - held.endsAt > RESOLVED_RETENTION_MS) this.derived.delete(fp);
    }
    for (const [fp, held] of this.posted) if (held.endsAt !== undefined && time - held.endsAt > RESOLVED_RETENTION_MS) this.posted.delete(fp);
  }

  /** POST /api/v2/alerts: equal labels are one alert (earliest start, the newest post's annotations and end). */
  post(alert: HeldAlert & { endsAt: number }): void {
    const fp = fingerprint(alert.labels);
    const held = this.posted.get(fp);
    this.posted.set(fp, {
      labels: { ...alert.labels },
      annotations: { ...alert.annotations },
      startsAt: held && (held.endsAt === undefined || held.endsAt > alert.startsAt) ? Math.min(held.startsAt, alert.startsAt) : alert.startsAt,
      endsAt: alert.endsAt,
    });
  }

  /** Escalation alerts (rule-made and posted, merged by fingerprint) and the Watchdog, as of `now`. */
  list(now: number): Array<HeldAlert & { fingerprint: string; firing: boolean }> {
    const out = new Map<string, HeldAlert & { fingerprint: string; firing: boolean }>();
    for (const [fp, held] of this.posted) {
      const firing = held.endsAt === undefined || held.endsAt > now;
      out.set(fp, { ...held, fingerprint: fp, firing });
    }
    for (const [fp, held] of this.derived) {
      const other = out.get(fp);
      const firing = held.endsAt === undefined || other?.firing === true;
      // The rule re-sends every evaluation, so its annotations are the newest.
      out.set(fp, {
        labels: held.labels,
        annotations: held.endsAt === undefined || !other ? held.annotations : other.annotations,
        startsAt: Math.min(held.startsAt, other?.startsAt ?? Infinity),
        ...(firing ? {} : { endsAt: Math.max(held.endsAt ?? 0, other?.endsAt ?? 0) }),
        fingerprint: fp,
        firing,
      });
    }
    if (this.watchdogSince !== undefined) {
      const labels = { alertname: WATCHDOG_ALERTNAME, ...WATCHDOG_RULE.labels };
      out.set(fingerprint(labels), { labels, annotations: { ...WATCHDOG_RULE.annotations }, startsAt: this.watchdogSince, fingerprint: fingerprint(labels), firing: true });
    }
    return [...out.values()];
  }
}
