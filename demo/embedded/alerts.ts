import { SeveritySchema, type Alert } from '../../shared';
import type { AlertRule } from '../rules';
import type { RecordedSample } from './recording';
import type { EmbeddedEscalations } from './escalations';
import type { SilenceStore } from './silences';
import { fingerprint, renderTemplate } from './template';

interface AlertState {
  rule: AlertRule;
  labels: Record<string, string>;
  value: number;
  activeAt: number;
  firedAt?: number;
  resolvedAt?: number;
}

/** Resolved alerts stay listed this long so a console sees them clear (Alertmanager keeps them a while too). */
const RESOLVED_RETENTION_MS = 5 * 60_000;

/** Prometheus's rule evaluation for rules of the form `series op threshold` with `for:`. */
export class AlertEvaluator {
  private readonly states = new Map<string, AlertState>();

  constructor(
    private readonly rules: readonly AlertRule[],
    private readonly sourceId: string,
    private readonly silences: SilenceStore,
    /** The escalation policy's rule-made alerts, posted alerts and the Watchdog (as Prometheus + Alertmanager would add them). */
    private readonly escalations?: EmbeddedEscalations,
    private readonly now: () => number = Date.now,
  ) {}

  evaluate(time: number, samples: readonly RecordedSample[]): void {
    for (const rule of this.rules) {
      const seen = new Set<string>();
      for (const s of samples) {
        if (s.name !== rule.series) continue;
        // NaN compares false, as in PromQL: no data never fires.
        const holds = rule.op === '<' ? s.value < rule.threshold : s.value > rule.threshold;
        if (!holds) continue;
        const labels = { ...s.labels, ...rule.labels, alertname: rule.alert };
        const fp = fingerprint(labels);
        seen.add(fp);
        let state = this.states.get(fp);
        if (!state || state.resolvedAt !== undefined) {
          state = { rule, labels, value: s.value, activeAt: time };
          this.states.set(fp, state);
        }
        state.value = s.value;
        if (state.firedAt === undefined && time - state.activeAt >= rule.forSeconds * 1000) state.firedAt = time;
      }
      for (const [fp, state] of this.states) {
        if (state.rule !== rule || seen.has(fp)) continue;
        if (state.firedAt === undefined) this.states.delete(fp);
        else if (state.resolvedAt === undefined) state.resolvedAt = time;
        else if (time - state.resolvedAt > RESOLVED_RETENTION_MS) this.states.delete(fp);
      }
    }
    this.escalations?.evaluate(time, this.states.values());
  }

  /** Firing alerts and those resolved in the last few minutes; pending ones are not sent. */
  list(): Alert[] {
    const out: Alert[] = [];
    for (const [fp, s] of this.states) {
      if (s.firedAt === undefined) continue;
      const severity = SeveritySchema.safeParse(s.labels.severity);
      out.push({
        fingerprint: fp,
        name: s.rule.alert,
        severity: severity.success ? severity.data : 'warning',
        state: s.resolvedAt === undefined ? 'firing' : 'resolved',
        startsAt: s.firedAt,
        ...(s.resolvedAt !== undefined ? { endsAt: s.resolvedAt } : {}),
        labels: { ...s.labels },
        annotations: {
          summary: renderTemplate(s.rule.annotations.summary, s.labels, s.value),
          description: renderTemplate(s.rule.annotations.description, s.labels, s.value),
        },
        silencedBy: this.silences.matching(s.labels),
        source: this.sourceId,
      });
    }
    for (const held of this.escalations?.list(this.now()) ?? []) {
      const severity = SeveritySchema.safeParse(held.labels.severity);
      out.push({
        fingerprint: held.fingerprint,
        name: held.labels.alertname ?? '(unnamed alert)',
        severity: severity.success ? severity.data : 'warning',
        state: held.firing ? 'firing' : 'resolved',
        startsAt: held.startsAt,
        ...(!held.firing && held.endsAt !== undefined ? { endsAt: held.endsAt } : {}),
        labels: { ...held.labels },
        annotations: { ...held.annotations },
        silencedBy: this.silences.matching(held.labels),
        source: this.sourceId,
      });
    }
    return out.sort((a, b) => b.startsAt - a.startsAt);
  }

  /** Alerts waiting out their `for` duration (for tests and debugging). */
  pending(): Array<{ alertname: string; labels: Record<string, string> }> {
    return [...this.states.values()].filter((s) => s.firedAt === undefined).map((s) => ({ alertname: s.rule.alert, labels: s.labels }));
  }
}
