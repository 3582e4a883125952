import { type EventOf, type Incident, severityRank } from '../../shared';
import type { IncidentTracker } from '../incidents/incident-tracker';

type Notification = EventOf<'notification'>;
type Reason = 'opened' | 'worse' | 'reminder';

export const DEFAULT_REMIND_MINUTES = 5;
/**
 * The collection window: incidents whose alerts started within it are told together. Long
 * enough for a storm to be one notification, short enough that a lone incident, due one
 * window after its alerts started, is on screen within 2 s of it.
 */
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

interface Pending {
  incident: Incident;
  reason: Reason;
  /** When this console first had it to tell (the poll that showed it). */
  seenAt: number;
  /** When its window closes: see `dueAt`. */
  dueAt: number;
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
 * muted (silenced or inhibited) or info incidents. Each notification is written on its
 * incident's timeline ("notified"), which also keeps a restarted console from telling the
 * same thing twice. Pages to receivers are Alertmanager's job, not this.
 *
 * Bundling, so a storm is one notification that says so, without making a lone incident
 * wait for a window that starts only when a poll happens to show it:
 * - An incident that opened is due `bundleMs` after its alerts STARTED (Alertmanager's
 *   startsAt, `openedAt`), clamped to [seen, seen + bundleMs]: time it already spent
 *   before a poll showed it counts, and clock skew between Alertmanager and this machine
 *   can neither send it before it was seen nor hold it more than `bundleMs`. Worse and
 *   reminder are due `bundleMs` after they were seen.
 * - What waits goes out together when the earliest of it is due, if a poll at or after
 *   that time has been folded in (everything that started within the window is then
 *   known). Otherwise the next poll may still show alerts that started within the window
 *   after the last poll, the rest of a storm, so it waits for that poll when one is
 *   expected soon enough (from the interval between the last two polls):
 *   - several incidents waiting (a storm under way): up to 1.5 × `bundleMs` after the
 *     first of them was seen (the limit, also when no poll comes);
 *   - one incident that opened: up to `bundleMs / 4` after it is due, which covers a poll
 *     that landed just after a storm's first alert and showed only that one. Not when
 *     its due time was clamped to seen + `bundleMs` (a clock ahead of this one): that
 *     never waits longer. A lone worse or reminder goes when due.
 */
export class IncidentNotifier {
  private readonly known = new Map<string, Known>();
  private readonly pending = new Map<string, Pending>();
  private cancelFlush: (() => void) | undefined;
  /** When the last poll was folded in (`observe`), and how long after the one before. */
  private polledAt: number | undefined;
  private pollEvery: number | undefined;
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
    if (this.polledAt !== undefined && now > this.polledAt) this.pollEvery = now - this.polledAt;
    this.polledAt = now;
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
      this.enqueue(incident, reason, now);
    }
    this.settle();
  }

  /** Sends what is waiting now, whether or not its window has closed. */
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
    // A recovering incident (its alerts ended; waiting out the quiet window) has nothing to remind of.
    if (incident.severity === 'critical' && incident.quietSince === undefined && now - known.lastAt >= this.remindMs) return 'reminder';
    return undefined;
  }

  private enqueue(incident: Incident, reason: Reason, now: number): void {
    const waiting = this.pending.get(incident.id);
    // An incident that opened and got worse within one window is one notification, about how it is now, due when it was.
    this.pending.set(incident.id, {
      incident,
      reason: waiting?.reason === 'opened' ? 'opened' : reason,
      seenAt: waiting?.seenAt ?? now,
      dueAt: waiting?.dueAt ?? this.dueAt(incident, reason, now),
    });
  }

  /** When an incident's window closes: `bundleMs` after its alerts started (opened) or after it was seen (worse, reminder). */
  private dueAt(incident: Incident, reason: Reason, seenAt: number): number {
    if (reason !== 'opened') return seenAt + this.bundleMs;
    return Math.min(Math.max(incident.openedAt + this.bundleMs, seenAt), seenAt + this.bundleMs);
  }

  /** Sends what is waiting if its time has come, else sets the timer for when it will. */
  private settle(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    if (this.pending.size === 0) return;
    const now = this.deps.now();
    const at = this.sendAt();
    if (at <= now) {
      this.flush();
      return;
    }
    this.cancelFlush = this.schedule(() => {
      this.cancelFlush = undefined;
      this.settle();
    }, at - now);
  }

  /** When what is waiting goes out, as far as is known now (see the class comment). */
  private sendAt(): number {
    const waiting = [...this.pending.values()];
    const due = Math.min(...waiting.map((p) => p.dueAt));
    if (this.polledAt !== undefined && this.polledAt >= due) return due;
    const lone = waiting.length === 1 ? waiting[0]! : undefined;
    const limit = !lone
      ? Math.max(due, Math.min(...waiting.map((p) => p.seenAt)) + (this.bundleMs * 3) / 2)
      : lone.reason === 'opened' && lone.dueAt < lone.seenAt + this.bundleMs
        ? due + this.bundleMs / 4
        : due;
    const nextPoll = this.polledAt !== undefined && this.pollEvery !== undefined ? this.polledAt + this.pollEvery : undefined;
    // Waiting for the next poll: `observe` settles again when it comes; the limit holds if it is late.
    return (nextPoll === undefined ? !lone : nextPoll <= limit) ? limit : due;
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
