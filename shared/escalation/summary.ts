import { describeTarget } from './compile';
import type { EscalationPolicy } from './policy';
import { onCallAt } from './schedule';

/** A level as a console shows it: who it pages now, in words, and how long it waits before the next. */
export interface EscalationLevelSummary {
  name: string;
  /** "ana (on call in fleet-primary)", "head-of-ops", "receiver ops-pager", "nobody on call in fleet-primary". */
  pages: string;
  /** Unanswered this long, the next level is paged (absent on the last level). */
  waitSeconds?: number;
}

/**
 * The policy the team's Prometheus and Alertmanager run, as the console shows it: so
 * "Escalate now" offers the team's next level by name and says who it will page, rather
 * than assuming levels B and C.
 */
export function summarizePolicy(policy: EscalationPolicy, now: number): { policy: string; levels: EscalationLevelSummary[] } {
  const last = policy.levels.length - 1;
  return {
    policy: policy.id,
    levels: policy.levels.map((level, i) => {
      let pages = describeTarget(level.target);
      if (level.target.kind === 'schedule') {
        const wanted = level.target.schedule;
        const schedule = policy.schedules.find((s) => s.id === wanted);
        const onCall = schedule ? onCallAt(schedule, now) : undefined;
        pages = onCall ? `${onCall.person} (on call in ${wanted})` : `nobody on call in ${wanted}`;
      }
      return { name: level.name, pages, ...(i < last ? { waitSeconds: level.waitSeconds } : {}) };
    }),
  };
}

/** The level after the one an incident reached (A is paged by the alert itself); undefined at the top. */
export function nextLevel(levels: readonly Pick<EscalationLevelSummary, 'name'>[], reached: string | undefined): string | undefined {
  const at = reached === undefined ? 0 : levels.findIndex((l) => l.name === reached);
  if (at < 0) return undefined;
  return levels[at + 1]?.name;
}
