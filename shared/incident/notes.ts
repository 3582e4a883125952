import { type Alert, NOTE_ALERTNAME } from '../model/alerts';
import { stableHash } from './grouping';

/**
 * Notes on an incident. Free text has no home in Prometheus or in Alertmanager's
 * silences, so a note is an alert posted to Alertmanager, as "Escalate now" is:
 *
 *   labels       alertname="LockstepNote", lockstep_incident="<incident id>",
 *                lockstep_note="<note id>", severity="none"
 *   annotations  author, text, written_at (ISO 8601), summary
 *   endsAt       a lease (NOTE_TTL_MS) that any running console renews while the incident is open
 *
 * The note id is a hash of the incident id, the author, the text and the client's
 * idempotency key, so a retry — or two consoles posting the same request — makes ONE alert.
 * Every console polling that Alertmanager reads the note back onto the incident's timeline.
 * The routes Lockstep generates send `LockstepNote` first to a receiver with no integrations:
 * a note pages nobody. Once nobody renews it (the incident resolved, no console runs), it
 * lapses from Alertmanager; each console keeps the notes it saw in its incident cache.
 */
export const NOTE_INCIDENT_LABEL = 'lockstep_incident';
export const NOTE_ID_LABEL = 'lockstep_note';
/** How long a posted note stays in Alertmanager unless a running console renews it. */
export const NOTE_TTL_MS = 60 * 60_000;
/** How often a running console re-posts a note of an open incident (well inside the TTL). */
export const NOTE_RENEW_EVERY_MS = 10 * 60_000;
/** The longest note a person may write (UTF-16 code units, as the browser's maxlength counts). */
export const NOTE_MAX_CHARS = 2_000;
/** The longest author name kept from a note read back (the request allows 100). */
const AUTHOR_MAX_CHARS = 100;

export interface NoteFields {
  incidentId: string;
  author: string;
  text: string;
  /** The client's idempotency key: the same request is the same note. */
  idempotencyKey: string;
}

/** A note as every console reads it back from the alert source. */
export interface IncidentNote {
  noteId: string;
  /** The incident it was written on (an older id of a renamed incident stays valid: see the tracker). */
  incidentId: string;
  author: string;
  text: string;
  /** When it was written. */
  at: number;
}

/** The same request gives the same id on every console (96 bits: two salted 48-bit hashes). */
export function noteId(fields: NoteFields): string {
  const payload = JSON.stringify([fields.incidentId, fields.author, fields.text, fields.idempotencyKey]);
  return `note-${stableHash(payload)}${stableHash(`lockstep-note\u0000${payload}`)}`;
}

/** The alert a console posts for a note; `now` sets the lease (a retry posts later than it was written). */
export function noteAlert(fields: NoteFields, writtenAt: number, now: number = writtenAt): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt: number;
} {
  return {
    labels: {
      alertname: NOTE_ALERTNAME,
      [NOTE_INCIDENT_LABEL]: fields.incidentId,
      [NOTE_ID_LABEL]: noteId(fields),
      severity: 'none',
    },
    annotations: {
      summary: `Note on incident ${fields.incidentId} by ${fields.author} (Lockstep; pages nobody)`,
      author: fields.author,
      text: fields.text,
      written_at: new Date(writtenAt).toISOString(),
    },
    startsAt: writtenAt,
    endsAt: Math.max(now, writtenAt) + NOTE_TTL_MS,
  };
}

export function isNoteAlert(alert: { name?: string; labels: Readonly<Record<string, string>> }): boolean {
  return (alert.labels.alertname ?? alert.name) === NOTE_ALERTNAME;
}

/** Cuts text read back from outside to `max` (anyone can post an alert), never inside a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length - end} more characters not shown)`;
}

/**
 * A note read back from a listed alert; undefined for anything else. Text and author are
 * kept as written (the renderer shows them as text, bidi controls made visible), but cut to
 * the lengths Lockstep itself allows: an alert posted by hand may carry anything.
 */
export function readNote(alert: Pick<Alert, 'labels' | 'annotations' | 'startsAt'> & { name?: string }): IncidentNote | undefined {
  if (!isNoteAlert(alert)) return undefined;
  const incidentId = alert.labels[NOTE_INCIDENT_LABEL];
  const id = alert.labels[NOTE_ID_LABEL];
  if (!incidentId || !id) return undefined;
  const written = Date.parse(alert.annotations.written_at ?? '');
  return {
    noteId: id,
    incidentId,
    author: clip(alert.annotations.author?.trim() || 'unknown', AUTHOR_MAX_CHARS),
    text: clip(alert.annotations.text ?? '', NOTE_MAX_CHARS),
    at: Number.isFinite(written) ? written : alert.startsAt,
  };
}
