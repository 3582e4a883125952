import { randomUUID } from 'node:crypto';
import type { ActionRecord, ActionResult } from '../../shared';
import { SourceError } from '../datasources/types';
import { errorMessage } from '../util/errors';
import { ActionJournal, type JournalEntry } from './action-journal';

/** What the backend's own state says about an action. */
export interface Reconciliation {
  /** True when the backend shows the action already took effect (so it must not be sent again). */
  done: boolean;
  /** What the backend shows, in words for the person. */
  message: string;
}

export interface ActionSpec {
  /** acknowledge, rollback, escalate, …: a new kind needs nothing here. */
  kind: string;
  /** The client's idempotency key: the same key is done once. */
  key: string;
  /** One line for the journal: what, on what, by whom. */
  summary: string;
  /** Does the work; resolves with a success message, throws with the reason it failed. */
  run(): Promise<string>;
  /**
   * Reads the backend's state to tell whether this action already took effect. Called
   * before every retry and for an action in doubt (Lockstep stopped mid-way, or no answer
   * in time); without it such an action is shown as in doubt and never sent again blindly.
   */
  reconcile?(): Promise<Reconciliation>;
  /** False: a backend that cannot be reached fails the action instead of queueing it. Default true. */
  retryable?: boolean;
  /** What was asked (JSON), journalled so the action can be resumed after a restart (see `recover`). */
  request?: unknown;
}

/** Rebuilds an action from its journalled request after a restart (throws if it no longer applies). */
export type ActionReviver = (request: unknown) => Promise<ActionSpec> | ActionSpec;

export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** After this long failing to reach the backend, the action fails (not finally: the same key may be tried again). */
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { firstDelayMs: 2_000, maxDelayMs: 60_000, giveUpAfterMs: 30 * 60_000 };

/** How many settled-later actions (retried, reconciled) the list keeps showing. */
const RECENT = 20;

type Failure = 'definitive' | 'unreachable' | 'timeout';

/** Unreachable: nothing was answered, most likely nothing arrived. Timeout: it may have arrived. */
function classify(error: unknown): Failure {
  if (error instanceof SourceError && (error.kind === 'unreachable' || error.kind === 'timeout')) return error.kind;
  return 'definitive';
}

interface Attempt {
  actionId: string;
  attempts: number;
  firstFailedAt?: number;
  /** Read the backend before sending (a retry, or an action in doubt). */
  reconcileFirst: boolean;
}

interface Queued {
  timer: ReturnType<typeof setTimeout>;
  result: ActionResult;
}

/**
 * Every on-call action goes through here: journalled before it runs, run at most once
 * per idempotency key (a retry after a lost reply gets the first outcome back), and its
 * outcome journalled after. Only an outcome is the final answer for a key: success or a
 * definitive refusal. A backend that cannot be reached queues the action and retries it
 * with backoff (reading the backend first when the action can), shown as pending; an
 * action in doubt is settled by reading the backend, never by sending blindly again.
 */
export class ActionPipeline {
  private readonly running = new Map<string, Promise<ActionResult>>();
  private readonly queued = new Map<string, Queued>();
  private readonly recent: ActionRecord[] = [];
  private readonly listeners = new Set<(actions: ActionRecord[]) => void>();
  private closed = false;

  constructor(
    private readonly journal: ActionJournal,
    private readonly now: () => number = Date.now,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  execute(spec: ActionSpec): Promise<ActionResult> {
    const key = `${spec.kind}:${spec.key}`;
    const inFlight = this.running.get(key);
    if (inFlight) return inFlight.then((r) => ({ ...r, replayed: true }));
    const queued = this.queued.get(key);
    if (queued) return Promise.resolve({ ...queued.result, replayed: true });

    const previous = this.journal.latest(key);
    if (previous) {
      const replay = (status: ActionResult['status'], message = previous.message): Promise<ActionResult> =>
        Promise.resolve({ actionId: previous.actionId, status, message, replayed: true, at: previous.at });
      switch (previous.state) {
        case 'succeeded':
          return replay('succeeded');
        case 'failed':
          // A transient failure is not the answer: the same key runs again.
          if (previous.final !== false) return replay('failed');
          break;
        case 'started':
        case 'unknown':
          if (!spec.reconcile) return replay('unknown', inDoubtMessage(previous));
          return this.track(key, this.attempt(spec, key, { actionId: previous.actionId, attempts: previous.attempts ?? 0, reconcileFirst: true }));
        case 'pending':
          // Queued by an earlier run of Lockstep that stopped before retrying.
          return this.track(key, this.attempt(spec, key, { actionId: previous.actionId, attempts: previous.attempts ?? 0, reconcileFirst: true }));
      }
    }
    return this.track(key, this.attempt(spec, key, { actionId: randomUUID(), attempts: 0, reconcileFirst: false }));
  }

  /**
   * After a restart: every action without an outcome is resumed through its kind's
   * reviver. One in doubt is reconciled (read from the backend) and sent only if the
   * backend shows it did not happen; one that was queued is retried. Kinds without a
   * reviver stay listed as in doubt; queued ones without one fail (not finally).
   */
  async recover(revivers: Readonly<Record<string, ActionReviver | undefined>>): Promise<void> {
    await Promise.all(this.journal.unsettled().map((entry) => this.recoverEntry(entry, revivers[entry.kind], 0)));
  }

  private async recoverEntry(entry: JournalEntry, revive: ActionReviver | undefined, tries: number): Promise<void> {
    if (this.closed || this.running.has(entry.key) || (this.queued.has(entry.key) && tries === 0)) return;
    this.queued.delete(entry.key);
    if (!revive || entry.request === undefined) {
      if (entry.state === 'pending') {
        this.settle(entry, 'failed', `Lockstep restarted before it could retry this, and cannot resume a ${entry.kind} on its own; nothing more was sent. Try again.`, { final: false });
      }
      this.emit();
      return;
    }
    let spec: ActionSpec;
    try {
      spec = await revive(entry.request);
    } catch (error) {
      if (classify(error) !== 'definitive' && !this.closed) {
        const delay = this.delay(tries);
        this.queue(entry.key, delay, () => void this.recoverEntry(entry, revive, tries + 1), {
          actionId: entry.actionId,
          status: 'pending',
          message: `${errorMessage(error)}; Lockstep will look again`,
          replayed: false,
          at: this.now(),
        });
        return;
      }
      const reason = `Could not resume after a restart: ${errorMessage(error)}`;
      if (entry.state === 'pending') this.settle(entry, 'failed', reason, { final: false });
      else this.settle(entry, 'unknown', `${reason}. ${inDoubtMessage(entry)}`);
      return;
    }
    // A client's retry of the same key may have taken it up meanwhile.
    if (this.closed || this.running.has(entry.key) || this.queued.has(entry.key) || this.journal.latest(entry.key) !== entry) return;
    if (entry.state !== 'pending' && !spec.reconcile) {
      // Nothing can tell whether it happened; sending again could do it twice.
      this.emit();
      return;
    }
    await this.track(entry.key, this.attempt(spec, entry.key, { actionId: entry.actionId, attempts: entry.attempts ?? 0, reconcileFirst: true }));
  }

  /** Actions pending, in doubt, or settled later (newest first): what the person has not seen the end of in a reply. */
  list(): ActionRecord[] {
    const open = this.journal.unsettled().map((entry): ActionRecord => {
      const busy = this.running.has(entry.key);
      if (entry.state === 'pending') {
        return record(entry, 'pending', busy ? `${entry.message} (retrying now)` : entry.message, entry.nextAttemptAt);
      }
      if (busy) return record(entry, 'pending', entry.attempts ? 'Retrying now' : 'Checking the backend');
      return record(entry, 'in_doubt', inDoubtMessage(entry));
    });
    const openIds = new Set(open.map((r) => r.actionId));
    return [...open, ...this.recent.filter((r) => !openIds.has(r.actionId))].sort((a, b) => b.at - a.at);
  }

  onChange(listener: (actions: ActionRecord[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops queued retries (they stay journalled as pending, and `recover` resumes them after a restart). */
  close(): void {
    this.closed = true;
    for (const { timer } of this.queued.values()) clearTimeout(timer);
    this.queued.clear();
  }

  private track(key: string, promise: Promise<ActionResult>): Promise<ActionResult> {
    const tracked = promise.finally(() => {
      if (this.running.get(key) === tracked) this.running.delete(key);
    });
    this.running.set(key, tracked);
    return tracked;
  }

  private async attempt(spec: ActionSpec, key: string, attempt: Attempt): Promise<ActionResult> {
    const base = { actionId: attempt.actionId, key, kind: spec.kind, summary: spec.summary, request: spec.request };
    const later = attempt.reconcileFirst || attempt.attempts > 0;
    if (attempt.reconcileFirst && spec.reconcile) {
      let found: Reconciliation;
      try {
        found = await spec.reconcile();
      } catch (error) {
        return this.failed(spec, key, base, error, attempt, true);
      }
      if (found.done) return this.settle(base, 'succeeded', found.message, { reconciled: true, notable: true });
    }
    this.journal.append({ ...base, state: 'started', message: '', at: this.now(), attempts: attempt.attempts });
    if (later) this.emit();
    try {
      const message = await spec.run();
      return this.settle(base, 'succeeded', message, { notable: later });
    } catch (error) {
      return this.failed(spec, key, base, error, attempt, false);
    }
  }

  /** A failure: final when definitive; queued when the backend could not be reached; in doubt when it may have arrived. */
  private failed(spec: ActionSpec, key: string, base: EntryBase, error: unknown, attempt: Attempt, whileReading: boolean): ActionResult {
    const failure = classify(error);
    const reason = errorMessage(error);
    const later = attempt.reconcileFirst || attempt.attempts > 0;
    if (failure === 'definitive') {
      if (whileReading) return this.settle(base, 'unknown', `Could not read whether it took effect: ${reason}. Check before trying again.`, { notable: true });
      return this.settle(base, 'failed', reason, { final: true, notable: later });
    }
    // A timeout of the send itself may have reached the backend: only reading it back can tell.
    const maybeSent = failure === 'timeout' && !whileReading;
    if (spec.retryable === false || (maybeSent && !spec.reconcile) || this.closed) {
      if (maybeSent) return this.settle(base, 'unknown', `${reason}; whether it took effect is unknown. Check before trying again.`, { notable: true });
      return this.settle(base, 'failed', reason, { final: false, notable: later });
    }
    const now = this.now();
    const firstFailedAt = attempt.firstFailedAt ?? now;
    if (now - firstFailedAt >= this.retry.giveUpAfterMs) {
      const gaveUp = `Gave up after ${span(now - firstFailedAt)} of retrying: ${reason}`;
      if (maybeSent) return this.settle(base, 'unknown', `${gaveUp}; whether it took effect is unknown.`, { notable: true });
      return this.settle(base, 'failed', gaveUp, { final: false, notable: true });
    }
    const delay = this.delay(attempt.attempts);
    const attempts = attempt.attempts + 1;
    const nextAttemptAt = now + delay;
    const message = `${reason}. Queued: Lockstep retries until it succeeds or is refused`;
    this.journal.append({ ...base, state: 'pending', message, at: now, attempts, nextAttemptAt });
    const result: ActionResult = { actionId: base.actionId, status: 'pending', message, replayed: false, at: now };
    this.queue(key, delay, () => void this.track(key, this.attempt(spec, key, { actionId: base.actionId, attempts, firstFailedAt, reconcileFirst: true })), result);
    return result;
  }

  private queue(key: string, delay: number, fire: () => void, result: ActionResult): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.queued.delete(key);
      if (!this.closed) fire();
    }, delay);
    timer.unref?.();
    this.queued.set(key, { timer, result });
    this.emit();
  }

  private delay(attempts: number): number {
    return Math.min(this.retry.firstDelayMs * 2 ** attempts, this.retry.maxDelayMs);
  }

  private settle(
    base: EntryBase,
    state: 'succeeded' | 'failed' | 'unknown',
    message: string,
    options: { final?: boolean; reconciled?: boolean; notable?: boolean } = {},
  ): ActionResult {
    const at = this.now();
    const entry: JournalEntry = { actionId: base.actionId, key: base.key, kind: base.kind, summary: base.summary, state, message, at, final: options.final, reconciled: options.reconciled };
    if (state === 'unknown') entry.request = base.request;
    this.journal.append(entry);
    if (options.notable && state !== 'unknown') {
      this.recent.unshift(record(entry, state, message));
      this.recent.splice(RECENT);
    }
    this.emit();
    return { actionId: base.actionId, status: state, message, replayed: false, at };
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const actions = this.list();
    for (const listener of this.listeners) listener(actions);
  }
}

type EntryBase = Pick<JournalEntry, 'actionId' | 'key' | 'kind' | 'summary' | 'request'>;

function record(entry: JournalEntry, state: ActionRecord['state'], message: string, nextAttemptAt?: number): ActionRecord {
  return {
    actionId: entry.actionId,
    kind: entry.kind,
    summary: entry.summary,
    state,
    message,
    at: entry.at,
    nextAttemptAt,
    attempts: entry.attempts ?? 0,
    reconciled: entry.reconciled ?? false,
  };
}

function inDoubtMessage(entry: JournalEntry): string {
  if (entry.state === 'unknown') return entry.message;
  return 'Lockstep stopped while this action was running, so its outcome is unknown. Check the backend before trying again.';
}

function span(ms: number): string {
  return ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}
