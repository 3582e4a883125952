import type { Alert, Silence, SilenceMatcher } from '../model/alerts';
import { ESCALATION_ALERTNAME } from '../model/alerts';
import type { CorrelationConfig } from '../model/incident';

/** Labels an escalation alert adds to its source alert's; removed to find the source's group. */
const ESCALATION_LABELS = ['alertname', 'escalation', 'escalated_alert'];

export function isEscalation(alert: Pick<Alert, 'labels'>): boolean {
  return alert.labels.alertname === ESCALATION_ALERTNAME;
}

/** The grouping labels of an alert (present ones only), in the configured order. */
export function groupLabels(labels: Readonly<Record<string, string>>, config: Pick<CorrelationConfig, 'groupBy'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of config.groupBy) {
    const value = labels[name];
    if (value) out[name] = value;
  }
  // An alert with none of the grouping labels is a group of its own name.
  if (Object.keys(out).length === 0) out.alertname = labels.alertname ?? '';
  return out;
}

/** A canonical string for a group: the same labels give the same key on every console. */
export function groupKey(group: Readonly<Record<string, string>>): string {
  return Object.keys(group)
    .sort()
    .map((k) => `${k}=${JSON.stringify(group[k])}`)
    .join(',');
}

export function alertGroupKey(alert: Pick<Alert, 'labels'>, config: Pick<CorrelationConfig, 'groupBy'>): string {
  if (!isEscalation(alert)) return groupKey(groupLabels(alert.labels, config));
  const labels = { ...alert.labels };
  for (const name of ESCALATION_LABELS) delete labels[name];
  if (alert.labels.escalated_alert) labels.alertname = alert.labels.escalated_alert;
  return groupKey(groupLabels(labels, config));
}

/**
 * Silence matchers for a group: each grouping label by equality, an absent one as "" (which
 * matches only alerts without it), so the silence covers the group's alerts and their
 * escalation alerts — and nothing else.
 */
export function groupMatchers(group: Readonly<Record<string, string>>, config: Pick<CorrelationConfig, 'groupBy'>): SilenceMatcher[] {
  if (group.alertname !== undefined && config.groupBy.every((name) => !group[name])) {
    return [{ name: 'alertname', value: group.alertname, isRegex: false, isEqual: true }];
  }
  return config.groupBy.map((name) => ({ name, value: group[name] ?? '', isRegex: false, isEqual: true }));
}

function matcherMatches(m: SilenceMatcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[m.name] ?? '';
  let hit: boolean;
  if (m.isRegex) {
    try {
      hit = new RegExp(`^(?:${m.value})$`).test(value);
    } catch {
      hit = false;
    }
  } else hit = value === m.value;
  return m.isEqual === false ? !hit : hit;
}

/** Alertmanager's rule: a silence mutes an alert when every matcher matches its labels. */
export function silenceMatches(silence: Pick<Silence, 'matchers'>, labels: Readonly<Record<string, string>>): boolean {
  return silence.matchers.length > 0 && silence.matchers.every((m) => matcherMatches(m, labels));
}

/** Do two silences have the same matchers (order aside)? */
export function sameMatchers(a: Pick<Silence, 'matchers'>, b: Pick<Silence, 'matchers'>): boolean {
  const canon = (s: Pick<Silence, 'matchers'>) =>
    s.matchers
      .map((m) => `${m.name}${m.isEqual === false ? '!' : '='}${m.isRegex ? '~' : ''}${JSON.stringify(m.value)}`)
      .sort()
      .join(',');
  return canon(a) === canon(b);
}

/** 48 bits of FNV-1a, as hex: short, stable, the same in every runtime. */
export function stableHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return (a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0')).slice(0, 12);
}

/** The incident id: the first alert's group and start, so every console computes the same one. */
export function incidentId(firstKey: string, firstStartsAt: number): string {
  const stamp = new Date(firstStartsAt).toISOString().replace(/[-:]/g, '').slice(0, 13);
  const slug = firstKey
    .replace(/[a-z_]+=/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 32);
  return `inc-${stamp}-${slug || 'alerts'}-${stableHash(`${firstKey}@${firstStartsAt}`)}`;
}
