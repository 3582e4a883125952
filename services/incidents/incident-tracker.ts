import { z } from 'zod';
import {
  type Alert,
  type CorrelationConfig,
  CorrelationConfigSchema,
  type Incident,
  IncidentSchema,
  type IncidentsSnapshot,
  LockstepApiError,
  type Silence,
  type TimelineEvent,
  TimelineEventSchema,
  type TimelineKind,
} from '../../shared';
import { deriveEpisodes, type Episode, render } from '../../shared/incident/derive';
import { alertGroupKey, incidentId } from '../../shared/incident/grouping';
import { type IncidentNote, isNoteAlert, readNote } from '../../shared/incident/notes';
import { readJson, writeJsonAtomic } from '../util/json-file';
import { restrictPrivateFile } from '../util/private-files';
import defaultCorrelation from './default-correlation.json';
import type { ServiceRelease } from '../../shared/incident/releases';
import { describeError } from '../util/errors';

/**
 * This console's cache, never the source of truth: what it did and saw locally
 * (notifications, rollbacks, notes) and the incidents it watched resolve. Open incidents
 * are always derived again from Alertmanager.
 */
const CacheSchema = z.object({
  local: z.array(TimelineEventSchema).default([]),
  resolved: z.array(z.object({ incident: IncidentSchema, timeline: z.array(TimelineEventSchema) })).default([]),
});

const MAX_RESOLVED_KEPT = 200;
const MAX_LOCAL_KEPT = 5_000;

export const DEFAULT_CORRELATION: CorrelationConfig = CorrelationConfigSchema.parse(defaultCorrelation);

export interface ObservedPoll {
  alerts: readonly Alert[];
  silences: readonly Silence[];
  /** Alerting is blind: an alert missing now is unknown, not resolved. */
  blind: boolean;
  /** What the deployer released lately, for naming the probable cause. */
  releases?: readonly ServiceRelease[];
  /** Notes on incidents (`LockstepNote` alerts) the alert sources list; never an incident's alert. */
  notes?: readonly Alert[];
}

type Entry = { incident: Incident; timeline: TimelineEvent[] };

/**
 * Incidents derived from the alert sources on every poll (see shared/incident/derive):
 * the same identity, members, cause and timeline on every console. What only this console
 * knows (it notified its person, it sent a rollback) is added to the timeline from a
 * local cache.
 */
export class IncidentTracker {
  private episodes: Episode[] = [];
  private rendered: Array<{ incident: Incident; timeline: TimelineEvent[] }> = [];
  /** Alert fingerprint → the open incident it belongs to, rebuilt with `rendered`. */
  private openByAlert = new Map<string, Incident>();
  private renderedJson = '[]';
  private history: Array<{ incident: Incident; timeline: TimelineEvent[] }>;
  private local: TimelineEvent[];
  private readonly aliases = new Map<string, string>();
  private readonly listeners = new Set<(snapshot: IncidentsSnapshot) => void>();
  private readonly seenMembers = new Set<string>();
  private lastSilences: readonly Silence[] = [];
  private blind = false;
  private sequence = 0;
  /** The notes on the timelines by note id (events of the local cache, so they outlive their alerts). */
  private noteEvents = new Map<string, TimelineEvent>();
  /** Note alerts of the last poll whose incident is open: what a running console keeps alive. */
  private liveNotes: Alert[] = [];
  /** Every id an open incident's alerts would give it as its first (see noteTarget); rebuilt when the incidents change. */
  private idsOfMembers: Map<string, string> | undefined;

  constructor(
    private readonly file: string | undefined,
    private readonly now: () => number,
    private readonly warn: (message: string) => void = () => {},
    private correlation: CorrelationConfig = DEFAULT_CORRELATION,
  ) {
    if (file) restrictPrivateFile(file);
    const cache = file ? readJson(file, CacheSchema, { local: [], resolved: [] }, warn) : { local: [], resolved: [] };
    this.local = cache.local;
    this.history = cache.resolved;
    this.indexNotes();
  }

  get config(): CorrelationConfig {
    return this.correlation;
  }

  /**
   * Correlates with this call graph from the next poll on (configured ∪ learned from traces:
   * services/incidents/trace-call-graph.ts). A copy: the default config is shared.
   */
  setCallGraph(callGraph: CorrelationConfig['callGraph']): void {
    this.correlation = { ...this.correlation, callGraph };
  }

  onChange(listener: (snapshot: IncidentsSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Open incidents (derived now), then those this console saw resolve, newest first. */
  snapshot(): IncidentsSnapshot {
    const all = this.all();
    return { incidents: all.map((r) => r.incident), timeline: all.flatMap((r) => this.withLocal(r)) };
  }

  list(): Incident[] {
    return this.all().map((r) => r.incident);
  }

  get(id: string): Incident {
    const incident = this.find(id)?.incident;
    if (!incident) throw new LockstepApiError('not_found', `There is no incident "${id}".`);
    return incident;
  }

  timelineOf(id: string): TimelineEvent[] {
    const found = this.find(id);
    return found ? this.withLocal(found) : this.local.filter((e) => e.incidentId === id);
  }

  /** The open incident an alert belongs to, if any. */
  incidentFor(fingerprint: string): Incident | undefined {
    return this.openByAlert.get(fingerprint);
  }

  /**
   * Folds one poll of the alert sources into the incidents. While blind, nothing
   * resolves: an alert missing then is unknown.
   */
  observe(poll: ObservedPoll): { opened: Incident[]; newAlerts: Alert[] } {
    const before = new Set(this.episodes.map((e) => e.id));
    const at = this.now();
    // Notes are never an incident's alerts: they leave the poll before anything is derived from it.
    const hasNotes = poll.alerts.some(isNoteAlert);
    const alerts = hasNotes ? poll.alerts.filter((a) => !isNoteAlert(a)) : poll.alerts;
    const notes = hasNotes ? [...(poll.notes ?? []), ...poll.alerts.filter(isNoteAlert)] : (poll.notes ?? []);
    const { episodes, renamed } = deriveEpisodes(
      this.episodes,
      { alerts, silences: poll.silences, now: at, blind: poll.blind, ...(poll.releases ? { releases: poll.releases } : {}) },
      this.correlation,
    );
    for (const { from, to } of renamed) {
      this.aliases.set(from, to);
      for (const e of this.local) if (e.incidentId === from) e.incidentId = to;
    }
    for (const [from, to] of this.aliases) if (this.aliases.has(to)) this.aliases.set(from, this.aliases.get(to)!);
    this.lastSilences = poll.silences;
    this.blind = poll.blind;
    // Resolved episodes move to the history, frozen.
    const finished = episodes.filter((e) => e.resolvedAt !== undefined && e.final);
    for (const e of finished) this.history.push(e.final!);
    this.episodes = episodes.filter((e) => e.resolvedAt === undefined);
    this.rendered = this.episodes.map((e) => render(e, poll.silences, this.correlation, at, poll.blind));
    this.openByAlert = new Map();
    for (const { incident } of this.rendered) {
      if (incident.status !== 'open') continue;
      for (const fingerprint of incident.alerts) if (!this.openByAlert.has(fingerprint)) this.openByAlert.set(fingerprint, incident);
    }
    // The same alerts back with the same start (an Alertmanager restart, a flapping list) are the same episode: it reopens.
    const openIds = new Set(this.rendered.map((r) => r.incident.id));
    this.history = this.history.filter((h) => !openIds.has(h.incident.id));
    this.prune();

    const opened = this.rendered.filter((r) => !before.has(r.incident.id) && ![...this.aliases.entries()].some(([, to]) => to === r.incident.id)).map((r) => r.incident);
    const newAlerts: Alert[] = [];
    for (const alert of alerts) {
      if (alert.state !== 'firing') continue;
      const key = `${alert.fingerprint}@${alert.startsAt}`;
      if (this.seenMembers.has(key)) continue;
      if (!this.incidentFor(alert.fingerprint)) continue;
      this.seenMembers.add(key);
      newAlerts.push(alert);
    }
    if (this.seenMembers.size > 20_000) this.seenMembers.clear();
    // One encoding per poll, kept for the next comparison: an unchanged poll tells nobody.
    const renderedJson = JSON.stringify(this.rendered);
    const changed = renderedJson !== this.renderedJson;
    this.renderedJson = renderedJson;
    if (changed) this.idsOfMembers = undefined;
    const notesAdded = this.takeNotes(notes);
    if (finished.length > 0 || changed || notesAdded) this.commit();
    return { opened, newAlerts };
  }

  /**
   * Puts a note on its incident's timeline, once per note id, in the local cache (so the
   * timeline keeps it after its alert lapses, and a resolved incident's frozen one too).
   * Returns whether it was new here; call `commit` after. A note on an incident this console
   * does not know is left for a later poll.
   */
  addNote(note: IncidentNote): boolean {
    if (this.noteEvents.has(note.noteId)) return false;
    const target = this.noteTarget(note.incidentId);
    return target ? this.putNote(note, target) : false;
  }

  /**
   * Adds the note, or brings the one kept up to date with what the alert source lists now
   * (two consoles posting the same request leave the later one's annotations there), so
   * every console polling that source shows the same. Returns whether anything changed.
   */
  private putNote(note: IncidentNote, target: Entry): boolean {
    const kept = this.noteEvents.get(note.noteId);
    if (kept) {
      if (kept.at === note.at && kept.actor === note.author && kept.text === note.text) return false;
      Object.assign(kept, { at: note.at, actor: note.author, text: note.text });
      return true;
    }
    const event: TimelineEvent = {
      id: `note:${note.noteId}`,
      incidentId: target.incident.id,
      at: note.at,
      kind: 'note',
      actor: note.author,
      text: note.text,
      data: { noteId: note.noteId },
    };
    this.local.push(event);
    this.noteEvents.set(note.noteId, event);
    return true;
  }

  private indexNotes(): void {
    this.noteEvents = new Map(this.local.flatMap((e) => (e.kind === 'note' && e.data?.noteId ? [[e.data.noteId, e] as const] : [])));
  }

  /** Note alerts of the last poll whose incident is open: renewed by a running console (see services/incidents/incident-notes). */
  notesToRenew(): readonly Alert[] {
    return this.liveNotes;
  }

  /** Adds what only this console knows to an incident's timeline (kept in the local cache). */
  record(incidentId: string, kind: TimelineKind, text: string, actor?: string, data?: Record<string, string>): TimelineEvent {
    const id = this.aliases.get(incidentId) ?? incidentId;
    const at = this.now();
    const event: TimelineEvent = {
      id: `${id}:local:${at}:${++this.sequence}`,
      incidentId: id,
      at,
      kind,
      text,
      ...(actor ? { actor } : {}),
      ...(data ? { data } : {}),
    };
    this.local.push(event);
    // A resolved incident's frozen timeline gets it too.
    return event;
  }

  /** Saves the cache and tells listeners; call after a batch of `record`s. */
  commit(): void {
    if (this.file) {
      try {
        writeJsonAtomic(this.file, { local: this.local, resolved: this.history });
      } catch (error) {
        this.warn(`could not save the incident cache: ${describeError(error)}`);
      }
    }
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }

  /** The silences of the last poll (for actions that need them). */
  silences(): readonly Silence[] {
    return this.lastSilences;
  }

  isBlind(): boolean {
    return this.blind;
  }

  private all(): Array<{ incident: Incident; timeline: TimelineEvent[] }> {
    const open = [...this.rendered].sort((a, b) => b.incident.openedAt - a.incident.openedAt);
    const resolved = [...this.history].sort((a, b) => (b.incident.resolvedAt ?? 0) - (a.incident.resolvedAt ?? 0));
    return [...open, ...resolved];
  }

  private find(id: string) {
    const target = this.aliases.get(id) ?? id;
    return this.rendered.find((r) => r.incident.id === target) ?? this.history.find((r) => r.incident.id === target);
  }

  /**
   * The incident a note was written on: by its id (or the id it had before a rename this
   * console saw), else — on a console that never saw the old id — the open incident one of
   * whose alerts made that id when it was the first (an incident's id is its first alert's
   * group and start; an earlier alert joining renames it, and the old first alert stays a member).
   */
  private noteTarget(id: string): Entry | undefined {
    const found = this.find(id);
    if (found) return found;
    if (!this.idsOfMembers) {
      // Built on the first miss after the incidents changed, not on every poll.
      this.idsOfMembers = new Map();
      for (const { incident } of this.rendered) {
        for (const m of incident.members ?? []) {
          const id = incidentId(alertGroupKey(m, this.correlation), m.startsAt);
          if (!this.idsOfMembers.has(id)) this.idsOfMembers.set(id, incident.id);
        }
      }
    }
    const current = this.idsOfMembers.get(id);
    if (current === undefined) return undefined;
    this.aliases.set(id, current);
    return this.find(current);
  }

  /** Records the notes of a poll; remembers those to keep alive. */
  private takeNotes(alerts: readonly Alert[]): boolean {
    let added = false;
    const live: Alert[] = [];
    for (const alert of alerts) {
      const note = readNote(alert);
      if (!note) continue;
      const target = this.noteTarget(note.incidentId);
      if (!target) continue;
      if (this.putNote(note, target)) added = true;
      if (alert.state === 'firing' && target.incident.status === 'open') live.push(alert);
    }
    this.liveNotes = live;
    return added;
  }

  private withLocal(entry: { incident: Incident; timeline: TimelineEvent[] }): TimelineEvent[] {
    const derivedSilences = new Set(entry.timeline.flatMap((e) => (e.data?.silenceId ? [e.data.silenceId] : [])));
    // A local record of an acknowledgement gives way to the one read back from Alertmanager.
    const local = this.local.filter((e) => e.incidentId === entry.incident.id && !(e.data?.silenceId && derivedSilences.has(e.data.silenceId)));
    if (local.length === 0) return entry.timeline;
    return [...entry.timeline, ...local].sort((a, b) => a.at - b.at);
  }

  private prune(): void {
    if (this.history.length > MAX_RESOLVED_KEPT) this.history.splice(0, this.history.length - MAX_RESOLVED_KEPT);
    if (this.local.length > MAX_LOCAL_KEPT) {
      this.local.splice(0, this.local.length - MAX_LOCAL_KEPT);
      this.indexNotes();
    }
  }
}
