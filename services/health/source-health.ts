import { LockstepApiError, type Signal, type SourceStatus } from '../../shared';
import { SourceError, type HealthNote } from '../datasources/types';
import { errorMessage } from '../util/errors';

/** A failure this recent still colours the status, so one failing query among good ones reads "degraded" steadily instead of flickering. */
const RECENT_FAILURE_MS = 30_000;
/** A source still failing with no answer for this long is down, not merely degraded. */
const DOWN_AFTER_MS = 15_000;

interface HealthRecord {
  lastSuccessAt?: number;
  lastFailureAt?: number;
  lastError?: string;
  lastCallFailed: boolean;
  /** What the source said of itself after its last call (datasources/types.ts HealthNote). */
  note?: HealthNote;
  /** A standing warning about how Lockstep talks to it (TLS verification off): on every status, whatever the state. */
  warning?: string;
  status?: SourceStatus;
}

/**
 * Each data source's health, judged from the calls the services already make to it (no
 * probe of its own): ok while it answers; degraded when some calls fail or it has just
 * recovered; down when its calls fail and it has not answered for a while. Listeners
 * hear of a change of state or of error, not of every call.
 */
export class SourceHealth {
  private readonly records = new Map<string, HealthRecord>();
  private readonly listeners = new Set<(status: SourceStatus) => void>();

  constructor(private readonly now: () => number = Date.now) {}

  onChange(listener: (status: SourceStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The latest status of every source heard from so far. */
  current(): SourceStatus[] {
    return [...this.records.values()].flatMap((r) => (r.status ? [r.status] : []));
  }

  /** The source answered a call. */
  answered(sourceId: string): void {
    const record = this.record(sourceId);
    record.lastSuccessAt = this.now();
    record.lastCallFailed = false;
    this.update(sourceId, record);
  }

  /**
   * What the source says of itself (a cluster's version and members), kept for the next
   * answered/failed: a problem in it makes a source that answers degraded.
   */
  note(sourceId: string, note: HealthNote): void {
    this.record(sourceId).note = note;
  }

  /** A warning that holds for as long as the source runs (DataSource.warning): told at once, then carried on each status. */
  warn(sourceId: string, warning: string): void {
    const record = this.record(sourceId);
    record.warning = warning;
    this.update(sourceId, record);
  }

  failed(sourceId: string, signal: Signal, error: unknown): void {
    const record = this.record(sourceId);
    record.lastFailureAt = this.now();
    record.lastError = `${signal}: ${errorMessage(error)}`;
    record.lastCallFailed = true;
    this.update(sourceId, record);
  }

  private record(sourceId: string): HealthRecord {
    let record = this.records.get(sourceId);
    if (!record) {
      record = { lastCallFailed: false };
      this.records.set(sourceId, record);
    }
    return record;
  }

  private update(sourceId: string, record: HealthRecord): void {
    const at = this.now();
    const calls = stateOf(record, at);
    const problem = record.note?.problem;
    // A problem the source tells of (a cluster member down) is the news while its calls answer.
    const state = calls === 'ok' && problem ? 'degraded' : calls;
    const message = state === 'ok' ? '' : problem && !record.lastCallFailed ? problem : (record.lastError ?? '');
    const lastSuccess = record.lastSuccessAt === undefined ? {} : { lastSuccessAt: record.lastSuccessAt };
    const detail = record.note?.detail ? { detail: record.note.detail } : {};
    const previous = record.status;
    const warning = record.warning ? { warning: record.warning } : {};
    if (previous && previous.state === state && previous.message === message && previous.detail === record.note?.detail && previous.warning === record.warning) {
      record.status = { ...previous, ...lastSuccess };
      return;
    }
    record.status = { source: sourceId, state, message, at, ...lastSuccess, ...detail, ...warning };
    for (const listener of this.listeners) listener(record.status);
  }
}

function stateOf(record: HealthRecord, at: number): SourceStatus['state'] {
  const failedRecently = record.lastFailureAt !== undefined && at - record.lastFailureAt < RECENT_FAILURE_MS;
  if (!failedRecently) return 'ok';
  const answeredLately = record.lastSuccessAt !== undefined && at - record.lastSuccessAt < DOWN_AFTER_MS;
  return record.lastCallFailed && !answeredLately ? 'down' : 'degraded';
}

/**
 * What an error says about the source's health. "No such trace" is an answer (the id may
 * simply have expired); an error Lockstep raised itself (no such source, bad input) is
 * not about the source at all. Anything else, refusals included (a 401 or a 503 is a
 * source someone must look at), counts against it.
 */
export function outcomeOf(signal: Signal, error: unknown): 'answered' | 'failed' | 'not_about_the_source' {
  if (error instanceof LockstepApiError) return 'not_about_the_source';
  if (error instanceof SourceError && error.kind === 'not_found' && signal === 'traces') return 'answered';
  return 'failed';
}
