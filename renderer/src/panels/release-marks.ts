import type { Deployment } from '../../../shared/model/deploy';
import { isSwitchBack, switchesOf } from '../../../shared/model/deploy';

export interface ReleaseMark {
  time: number;
  kind: 'release' | 'rollback';
  service: string;
  version?: string;
  title: string;
}

/**
 * The blue/green switches inside a chart's range [from, to], oldest first: a release put
 * something new live, a rollback went back to what ran before. Drawn on every chart so a
 * step in a line can be read against "lock-service 2.4.1 went live here" — the question
 * "which release?" answered on the panel itself, as Grafana's deployment annotations do.
 */
export function releaseMarks(deployments: readonly Deployment[], from: number | undefined, to: number | undefined): ReleaseMark[] {
  if (from === undefined || to === undefined) return [];
  const marks: ReleaseMark[] = [];
  for (const deployment of deployments) {
    const switches = switchesOf(deployment);
    switches.forEach((s, i) => {
      if (s.at < from || s.at > to) return;
      const kind = isSwitchBack(switches, i) ? 'rollback' : 'release';
      const version = s.version ?? deployment.colors[s.to]?.version;
      const what = `${deployment.service} ${version ?? s.to}`;
      marks.push({
        time: s.at,
        kind,
        service: deployment.service,
        ...(version ? { version } : {}),
        title: kind === 'rollback' ? `${what}: switched back (${s.from} → ${s.to})` : `${what} went live (${s.from} → ${s.to})${s.by ? ` by ${s.by}` : ''}`,
      });
    });
  }
  return marks.sort((a, b) => a.time - b.time);
}
