import { z } from 'zod';
import { ScheduleSchema } from './schedule';

/**
 * An escalation policy: who is paged first, who next when nobody answers, and how often.
 * It runs in Prometheus and Alertmanager (see compile.ts), not in a console, so it pages
 * the same way whether zero, one or ten consoles are open.
 */

/** Names Prometheus and Alertmanager accept as label values and receiver names, kept simple. */
const NameSchema = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'lower-case letters, digits, ".", "_" or "-"');

export const TargetSchema = z.discriminatedUnion('kind', [
  /** One person; `webhook` is how to reach them (a pager gateway, a chat DM relay…). */
  z.object({ kind: z.literal('person'), person: NameSchema, webhook: z.string().url().optional() }),
  /** Whoever is on call in a schedule of the policy when the page goes out. */
  z.object({ kind: z.literal('schedule'), schedule: NameSchema, webhook: z.string().url().optional() }),
  /** A receiver the team already defines in its own Alertmanager config (used by name, not generated). */
  z.object({ kind: z.literal('receiver'), receiver: z.string().min(1).max(200) }),
]);
export type Target = z.infer<typeof TargetSchema>;

export const LevelSchema = z.object({
  /** The level's name, which is also the `escalation` label value of its escalation alerts ("a", "b", "c"). */
  name: z.string().regex(/^[a-z][a-z0-9]{0,15}$/),
  target: TargetSchema,
  /**
   * How long this level has, unanswered, before the next level is paged. Ignored on the
   * last level.
   */
  waitSeconds: z.number().int().min(1).max(7 * 24 * 3600),
});
export type Level = z.infer<typeof LevelSchema>;

export const TemplateSchema = z.object({
  summary: z.string().min(1).max(500),
  description: z.string().max(2000).default(''),
});
export type Template = z.infer<typeof TemplateSchema>;

export const EscalationPolicySchema = z
  .object({
    id: NameSchema,
    /** Level A first; at least one level. */
    levels: z.array(LevelSchema).min(1).max(8),
    /** Alerts that enter the policy: these labels must equal these values (default severity="critical"). */
    match: z.record(z.string(), z.string()).default({ severity: 'critical' }),
    /** One page per group of alerts with equal values of these labels (one incident). */
    groupBy: z.array(z.string().min(1)).min(1).default(['alertname', 'service', 'city', 'provider']),
    /** An unanswered page is sent again to the same level this often (Alertmanager's repeat_interval). */
    repeatSeconds: z.number().int().min(60).max(7 * 24 * 3600).default(4 * 3600),
    /** The operator's rule: at most this many messages an hour to one target. */
    maxMessagesPerHour: z.number().int().min(1).max(3600).default(20),
    /** Seconds Alertmanager waits to bundle a new group's first alerts (group_wait). */
    groupWaitSeconds: z.number().int().min(0).max(3600).default(10),
    /**
     * Templates per domain, chosen by one label's value (e.g. domain="hardware"); alerts
     * with another or no value get `fallback`. They become the annotations of escalation alerts.
     */
    templates: z
      .object({
        label: z.string().min(1),
        byValue: z.record(z.string(), TemplateSchema),
        fallback: TemplateSchema,
      })
      .optional(),
    schedules: z.array(ScheduleSchema).default([]),
  })
  .superRefine((policy, ctx) => {
    const names = policy.levels.map((l) => l.name);
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', message: 'level names must be unique', path: ['levels'] });
    for (const [i, level] of policy.levels.entries()) {
      if (level.target.kind !== 'schedule') continue;
      const wanted = level.target.schedule;
      if (!policy.schedules.some((s) => s.id === wanted)) {
        ctx.addIssue({ code: 'custom', message: `level ${level.name} names schedule "${wanted}", which the policy does not define`, path: ['levels', i] });
      }
    }
    if (rateLimitIntervalSeconds(policy) > policy.repeatSeconds) {
      ctx.addIssue({ code: 'custom', message: `repeatSeconds must be at least ${rateLimitIntervalSeconds(policy)} s to keep ${policy.maxMessagesPerHour} messages an hour`, path: ['repeatSeconds'] });
    }
  });
export type EscalationPolicy = z.infer<typeof EscalationPolicySchema>;
export type EscalationPolicyInput = z.input<typeof EscalationPolicySchema>;

/** The alertname of every escalation alert (rule-made or posted), and of the always-firing Watchdog: one definition, in the alert model. */
export { ESCALATION_ALERTNAME, WATCHDOG_ALERTNAME } from '../model/alerts';

/** Seconds after the source alert fires at which each level is paged (level A: 0). */
export function cumulativeWaits(policy: Pick<EscalationPolicy, 'levels'>): number[] {
  const out: number[] = [];
  let total = 0;
  for (const level of policy.levels) {
    out.push(total);
    total += level.waitSeconds;
  }
  return out;
}

/**
 * The smallest gap between two notifications of one alert group that keeps a target
 * within `maxMessagesPerHour`: n notifications spaced at least g apart fit in one hour
 * only if (n − 1)·g ≤ 3600, so g = ⌊3600 / n⌋ + 1 allows at most n.
 */
export function rateLimitIntervalSeconds(policy: Pick<EscalationPolicy, 'maxMessagesPerHour'>): number {
  return Math.floor(3600 / policy.maxMessagesPerHour) + 1;
}

/** The name of the Alertmanager receiver a level pages: "escalation-a", … (one policy per Alertmanager). */
export function receiverName(_policy: Pick<EscalationPolicy, 'id'>, level: Level): string {
  return level.target.kind === 'receiver' ? level.target.receiver : `escalation-${level.name}`;
}

/** The template for an alert with these labels, if the policy has templates. */
export function templateFor(policy: EscalationPolicy, labels: Record<string, string>): Template | undefined {
  if (!policy.templates) return undefined;
  const value = labels[policy.templates.label];
  return (value !== undefined ? policy.templates.byValue[value] : undefined) ?? policy.templates.fallback;
}
