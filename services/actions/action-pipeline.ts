import { randomUUID } from 'node:crypto';
import type { ActionResult } from '../../shared';
import { errorMessage } from '../util/errors';
import { ActionJournal } from './action-journal';

export interface ActionSpec {
  kind: 'acknowledge' | 'rollback';
  /** The client's idempotency key: the same key is done once. */
  key: string;
  /** One line for the journal: what, on what, by whom. */
  summary: string;
  /** Does the work; resolves with a success message, throws with the reason it failed. */
  run(): Promise<string>;
}

/**
 * Every on-call action goes through here: journalled before it runs, run at most once
 * per idempotency key (a retry after a lost reply gets the first outcome back), and its
 * outcome journalled after.
 */
export class ActionPipeline {
  private readonly running = new Map<string, Promise<ActionResult>>();

  constructor(
    private readonly journal: ActionJournal,
    private readonly now: () => number = Date.now,
  ) {}

  execute(spec: ActionSpec): Promise<ActionResult> {
    const key = `${spec.kind}:${spec.key}`;
    const inFlight = this.running.get(key);
    if (inFlight) return inFlight.then((r) => ({ ...r, replayed: true }));

    const previous = this.journal.latest(key);
    if (previous) {
      const status = previous.state === 'succeeded' ? 'succeeded' : 'failed';
      const message =
        previous.state === 'started'
          ? 'Lockstep stopped while this action was running, so its outcome is unknown. Check the backend before trying again.'
          : previous.message;
      return Promise.resolve({ actionId: previous.actionId, status, message, replayed: true, at: previous.at });
    }

    const promise = this.run(spec, key).finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }

  private async run(spec: ActionSpec, key: string): Promise<ActionResult> {
    const actionId = randomUUID();
    const base = { actionId, key, kind: spec.kind, summary: spec.summary };
    this.journal.append({ ...base, state: 'started', message: '', at: this.now() });
    try {
      const message = await spec.run();
      const at = this.now();
      this.journal.append({ ...base, state: 'succeeded', message, at });
      return { actionId, status: 'succeeded', message, replayed: false, at };
    } catch (error) {
      const message = errorMessage(error);
      const at = this.now();
      this.journal.append({ ...base, state: 'failed', message, at });
      return { actionId, status: 'failed', message, replayed: false, at };
    }
  }
}
