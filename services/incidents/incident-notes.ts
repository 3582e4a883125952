import { z } from 'zod';
import { type AddNoteRequest, AddNoteRequestSchema, type Alert, LockstepApiError } from '../../shared';
import { isNoteAlert, NOTE_ID_LABEL, NOTE_RENEW_EVERY_MS, NOTE_TTL_MS, noteAlert, noteId, readNote } from '../../shared/incident/notes';
import type { ActionSpec } from '../actions/action-pipeline';
import type { AlertPoller } from '../alerts/alert-poller';
import type { SourceSet } from '../datasources/source-set';
import type { AlertsCapability } from '../datasources/types';
import type { IncidentTracker } from './incident-tracker';

export interface NoteDeps {
  sources: SourceSet;
  alerts: AlertPoller;
  incidents: IncidentTracker;
  now: () => number;
}

/** What the journal keeps of a note: the request and when it was written, so a note resumed after a restart keeps its time. */
export const JournalledNoteSchema = AddNoteRequestSchema.extend({ writtenAt: z.number().int().nonnegative().optional() });
export type JournalledNote = z.infer<typeof JournalledNoteSchema>;

/**
 * "Add note": through the action pipeline (journalled, once per key; queued and retried
 * while Alertmanager cannot be reached), it posts the note's deterministic `LockstepNote`
 * alert (shared/incident/notes.ts) to the alert source of the incident. Every console
 * polling that source shows it; a retry, or the same request from another console, is
 * the same alert.
 */
export function addNoteAction(request: AddNoteRequest | JournalledNote, deps: NoteDeps): ActionSpec {
  const incident = deps.incidents.get(request.incidentId);
  const writtenAt = ('writtenAt' in request ? request.writtenAt : undefined) ?? deps.now();
  const fields = { incidentId: request.incidentId, author: request.author, text: request.text, idempotencyKey: request.idempotencyKey };
  const id = noteId(fields);
  const target = () => {
    const fingerprints = new Set(deps.incidents.get(request.incidentId).alerts);
    const source = deps.alerts.current().alerts.find((a) => fingerprints.has(a.fingerprint))?.source;
    return deps.sources.pick('alerts', source);
  };
  const journalled: JournalledNote = { ...request, writtenAt };
  return {
    kind: 'note',
    key: request.idempotencyKey,
    summary: `${request.author} adds a note to incident ${incident.id} (${incident.title})`,
    request: journalled,
    run: async () => {
      const { source, capability } = target();
      if (!capability.postAlerts) {
        throw new LockstepApiError('bad_request', `${source.name} cannot take posted alerts, so notes cannot be shared through it.`);
      }
      const alert = noteAlert(fields, writtenAt, deps.now());
      await capability.postAlerts([alert]);
      // Shown at once here; the other consoles read it from the alert source on their next poll.
      const note = readNote({ ...alert, name: alert.labels.alertname });
      if (note && deps.incidents.addNote(note)) deps.incidents.commit();
      return `Note added to ${incident.title}; every console that polls ${source.name} shows it.`;
    },
    reconcile: async () => {
      const { source, capability } = target();
      const listed = await capability.listAlerts();
      const done = listed.some((a) => isNoteAlert(a) && a.labels[NOTE_ID_LABEL] === id);
      return { done, message: done ? `The note is in ${source.name} already.` : 'The note is not there yet.' };
    },
  };
}

/**
 * Keeps notes of open incidents in Alertmanager: any running console calls this after each
 * complete poll with the notes the tracker attached to an open incident (notesToRenew), and
 * re-posts them (same labels and annotations, endsAt moved on) at most every
 * NOTE_RENEW_EVERY_MS. With no console running, or once the incident resolves, they lapse
 * on their own after NOTE_TTL_MS; each console keeps the notes it saw in its incident cache.
 */
export class NoteRenewer {
  private readonly lastPosted = new Map<string, number>();

  constructor(
    private readonly alerts: AlertsCapability,
    private readonly now: () => number = Date.now,
    private readonly everyMs = NOTE_RENEW_EVERY_MS,
  ) {}

  /** Returns how many it re-posted. */
  async renew(notes: readonly Alert[]): Promise<number> {
    if (!this.alerts.postAlerts) return 0;
    const now = this.now();
    const live = new Set(notes.map((a) => a.fingerprint));
    for (const fingerprint of this.lastPosted.keys()) if (!live.has(fingerprint)) this.lastPosted.delete(fingerprint);
    const due = notes.filter((a) => a.state === 'firing' && isNoteAlert(a) && now - (this.lastPosted.get(a.fingerprint) ?? -Infinity) >= this.everyMs);
    if (due.length === 0) return 0;
    // Marked before the post: polls come every second, and a slow answer must not make a second post.
    const before = new Map(due.map((a) => [a.fingerprint, this.lastPosted.get(a.fingerprint)]));
    for (const a of due) this.lastPosted.set(a.fingerprint, now);
    try {
      await this.alerts.postAlerts(due.map((a) => ({ labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, endsAt: now + NOTE_TTL_MS })));
    } catch (error) {
      for (const [fingerprint, at] of before) {
        if (at === undefined) this.lastPosted.delete(fingerprint);
        else this.lastPosted.set(fingerprint, at);
      }
      throw error;
    }
    return due.length;
  }
}
