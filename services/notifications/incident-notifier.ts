import { type EventOf, type Incident, severityRank } from '../../shared';
import type { IncidentTracker } from '../incidents/incident-tracker';

type Notification = EventOf<'notification'>;
type Reason = 'opened' | 'worse' | 'reminder';

export const DEFAULT_REMIND_MINUTES = 5;
/** Long enough to catch a storm arriving over a few polls or webhooks, short enough for a single incident to feel immediate. */
export const DEFAULT_BUNDLE_MS = 1_000;
/** Enough remembered incidents for weeks on a wall screen; the oldest are forgotten past it. */
const MAX_REMEMBERED = 5_000;
/** A bundle names this many services, then "…". */
const NAMED_IN_BUNDLE = 5;

export interface IncidentNotifierDeps {
  incidents: Pick<IncidentTracker, 'timelineOf' | 'record' | 'commit'>;
  send(notification: Notification): void;
  now(): number;
  /** Runs `run` after `ms`; returns a cancel. Default: setTimeout. */
  schedule?(run: () => void, ms: number): () => void;
  /** An open, unacknowledged critical incident reminds this often. */
  remindMs?: number;
  /** The collection window: what is due within it goes out as one notification. */
  bundleMs?: number;
}

interface Known {
  severity: Incident['severity'];
  level: string | undefined;
  /** When this console last told its person; undefined while there was nothing to tell (acknowledged, muted, info). */
  lastAt: number | undefined;
}

/** Every alert still firing in it is silenced (maintenance) or inhibited: it is on the screen, but nobody needs waking. */
export function isMuted(incident: Incident): boolean {
  const firing = (incident.members ?? []).filter((m) => m.endedAt === undefined);
  return firing.length > 0 && firing.every((m) => m.inhibited || (m.silencedBy?.length ?? 0) > 0);
}

export function isAcknowledged(incident: Incident): boolean {
  return incident.acknowledgement !== undefined || incident.state === 'acknowledged';
}

/**
 * What this console tells its own person, per INCIDENT (never per member alert): when it
 * opens, when it gets worse (becomes critical, escalates to a new level), and every
 * `remindMs` while it is critical, open and unacknowledged. Nothing for acknowledged,
 * muted (silenced or inhibited) or info incidents. Everything due within `bundleMs` goes
 * out together, so a storm is one notification that says so. Each notification is written
 * on its incident's timeline ("notified"), which also keeps a restarted console from
 * telling the same thing twice. Pages to receivers are Alertmanager's job, not this.
 */
export class IncidentNotifier {
  private readonly known = new Map<string, Known>();
  private readonly pending = new Map<string, { incident: Incident; reason: Reason }>();
  private cancelFlush: (() => void) | undefined;
  private readonly remindMs: number;
  private readonly bundleMs: number;
  private readonly schedule: (run: () => void, ms: number) => () => void;

  constructor(private readonly deps: IncidentNotifierDeps) {
    this.remindMs = deps.remindMs ?? DEFAULT_REMIND_MINUTES * 60_000;
    this.bundleMs = deps.bundleMs ?? DEFAULT_BUNDLE_MS;
    this.schedule =
      deps.schedule ??
      ((run, ms) => {
        const timer = setTimeout(run, ms);
        return () => clearTimeout(timer);
      });
  }

  /** Called after every poll with the incidents as they stand (resolved ones are ignored). */
  observe(incidents: readonly Incident[]): void {
    const now = this.deps.now();
    for (const incident of incidents) {
      if (incident.status !== 'open') continue;
      const level = incident.escalation?.level;
      let known = this.known.get(incident.id);
      if (!known) {
        known = { severity: incident.severity, level, lastAt: this.notifiedBefore(incident.id) };
        this.remember(incident.id, known);
      }
      const reason = this.due(incident, known, now);
      known.severity = incident.severity;
      known.level = level;
      if (!reason) continue;
      known.lastAt = now;
      this.enqueue(incident, reason);
    }
  }

  /** Sends what is waiting in the window now (also what the window's timer does). */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    const due = [...this.pending.values()].sort((a, b) => severityRank(b.incident.severity) - severityRank(a.incident.severity) || a.incident.openedAt - b.incident.openedAt);
    this.pending.clear();
    if (due.length === 0) return;
    const at = this.deps.now();
    const notification = due.length === 1 ? single(due[0]!.incident, due[0]!.reason, at) : bundle(due, at);
    this.deps.send(notification);
    for (const { incident } of due) this.deps.incidents.record(incident.id, 'notified', `Notified this console's person: ${notification.title}`);
    this.deps.incidents.commit();
  }

  close(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    this.pending.clear();
  }

  private due(incident: Incident, known: Known, now: number): Reason | undefined {
    if (isAcknowledged(incident) || isMuted(incident) || incident.severity === 'info') return undefined;
    if (known.lastAt === undefined) return 'opened';
    if (severityRank(incident.severity) > severityRank(known.severity)) return 'worse';
    if (incident.escalation && incident.escalation.level !== known.level) return 'worse';
    if (incident.severity === 'critical' && now - known.lastAt >= this.remindMs) return 'reminder';
    return undefined;
  }

  private enqueue(incident: Incident, reason: Reason): void {
    const waiting = this.pending.get(incident.id);
    // An incident that opened and got worse within one window is one notification, about how it is now.
    this.pending.set(incident.id, { incident, reason: waiting?.reason === 'opened' ? 'opened' : reason });
    this.cancelFlush ??= this.schedule(() => this.flush(), this.bundleMs);
  }

  /** A console restarted mid-incident already told its person: the timeline in its cache says when. */
  private notifiedBefore(incidentId: string): number | undefined {
    const notified = this.deps.incidents.timelineOf(incidentId).filter((e) => e.kind === 'notified');
    return notified.at(-1)?.at;
  }

  private remember(id: string, known: Known): void {
    this.known.set(id, known);
    if (this.known.size > MAX_REMEMBERED) this.known.delete(this.known.keys().next().value!);
  }
}

const SEVERITY_WORD = { critical: 'Critical', warning: 'Warning', info: 'Info' } as const;

/** The alert a notification points at: the probable cause's service first, then the most severe. */
function leadAlert(incident: Incident): string | undefined {
  const firing = (incident.members ?? []).filter((m) => m.endedAt === undefined);
  const worst = firing.filter((m) => m.severity === incident.severity);
  return (worst.find((m) => m.labels.service === incident.service) ?? worst[0] ?? firing[0])?.fingerprint ?? incident.alerts[0];
}

function minutesSince(at: number, now: number): string {
  const minutes = Math.max(1, Math.round((now - at) / 60_000));
  return `${minutes} min`;
}

function single(incident: Incident, reason: Reason, at: number): Notification {
  const firing = (incident.members ?? []).filter((m) => m.endedAt === undefined).length || incident.alerts.length;
  const alerts = `${firing} alert${firing === 1 ? '' : 's'} firing`;
  const detail = incident.cause ? `${alerts} — probable cause: ${incident.cause}` : alerts;
  const title =
    reason === 'opened'
      ? `${SEVERITY_WORD[incident.severity]}: ${incident.title}`
      : reason === 'reminder'
        ? `Still unacknowledged: ${incident.title}`
        : incident.escalation && incident.severity !== 'critical'
          ? `Escalated (level ${incident.escalation.level}): ${incident.title}`
          : `Now ${incident.severity}${incident.escalation ? `, escalated to level ${incident.escalation.level}` : ''}: ${incident.title}`;
  const body = reason === 'reminder' ? `Open for ${minutesSince(incident.openedAt, at)} and nobody has acknowledged it. ${detail}` : detail;
  const lead = leadAlert(incident);
  return {
    id: `${incident.id}:${reason}:${at}`,
    title,
    body,
    severity: incident.severity,
    reason,
    incidentId: incident.id,
    ...(lead ? { alertFingerprint: lead } : {}),
  };
}

function bundle(due: ReadonlyArray<{ incident: Incident; reason: Reason }>, at: number): Notification {
  const reasons = new Set(due.map((d) => d.reason));
  const count = due.length;
  const what =
    reasons.size > 1
      ? 'need attention'
      : reasons.has('opened')
        ? 'opened in the last few seconds'
        : reasons.has('reminder')
          ? 'still unacknowledged'
          : 'got worse in the last few seconds';
  const names = [...new Set(due.map((d) => d.incident.service ?? d.incident.title))];
  const named = names.slice(0, NAMED_IN_BUNDLE).join(', ') + (names.length > NAMED_IN_BUNDLE ? ', …' : '');
  const critical = due.filter((d) => d.incident.severity === 'critical').length;
  const severity = due[0]!.incident.severity;
  return {
    id: `bundle:${at}:${due[0]!.incident.id}`,
    title: `${count} incidents ${what}`,
    body: `${named}${critical > 0 ? ` (${critical} critical)` : ''}`,
    severity,
    reason: 'bundle',
    incidentIds: due.map((d) => d.incident.id),
  };
}
