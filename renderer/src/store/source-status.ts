import type { SessionInfo, SourceStatus } from '../../../shared/api/session';

/**
 * Folds statuses into what the console knows, keeping per source the one that began
 * last: the session's list and the events can arrive in either order (in Electron they
 * travel on different channels), and an older one must not undo a newer one.
 */
export function mergeSourceStatus(known: Readonly<Record<string, SourceStatus>>, incoming: readonly SourceStatus[]): Record<string, SourceStatus> {
  const next = { ...known };
  for (const status of incoming) {
    const current = next[status.source];
    if (!current || status.at >= current.at) next[status.source] = status;
  }
  return next;
}

export interface SourceProblem extends SourceStatus {
  /** The source's name from the session, or its id when the session does not name it. */
  name: string;
}

/** The sources that are not ok, worst first, named for a person: what a header chip or a banner shows. */
export function sourceProblems(statuses: Readonly<Record<string, SourceStatus>>, sources: SessionInfo['sources'] = []): SourceProblem[] {
  const names = new Map(sources.map((s) => [s.id, s.name]));
  return Object.values(statuses)
    .filter((s) => s.state !== 'ok')
    .map((s) => ({ ...s, name: names.get(s.source) ?? s.source }))
    .sort((a, b) => Number(b.state === 'down') - Number(a.state === 'down') || a.name.localeCompare(b.name));
}

/** One line per alert source that reports on itself ("Alertmanager: Alertmanager 0.25.0, cluster ready, 2 peers"), for the alerting chip's title. */
export function alertSourceDetails(statuses: Readonly<Record<string, SourceStatus>>, sources: SessionInfo['sources'] = []): string | undefined {
  const lines = sources.flatMap((s) => {
    const detail = s.signals.includes('alerts') ? statuses[s.id]?.detail : undefined;
    return detail ? [`${s.name}: ${detail}`] : [];
  });
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** The standing warnings of sources (TLS verification off), named, in name order: what the header's warning chip shows. */
export function sourceWarnings(statuses: Readonly<Record<string, SourceStatus>>, sources: SessionInfo['sources'] = []): string[] {
  const names = new Map(sources.map((s) => [s.id, s.name]));
  return Object.values(statuses)
    .flatMap((s) => (s.warning ? [{ name: names.get(s.source) ?? s.source, warning: s.warning }] : []))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((w) => w.warning);
}
