import { describeError } from './errors';
/** Undoes one thing: stops a timer, closes a connection, removes a listener. */
export type Dispose = () => unknown;

/**
 * Everything a running composition must undo when it stops, kept in one list as it is
 * set up, so nothing is forgotten by a hand-written teardown. `dispose()` runs the list
 * once, newest first (what was set up last depends on what came before it), waiting for
 * each step; a step that fails is collected and the rest still run.
 */
export class Disposables {
  private readonly stack: Dispose[] = [];
  private disposing: Promise<void> | undefined;

  /**
   * @param onLateError where a step added after disposal began reports its failure
   *   (such a step runs at once, so what is set up late still gets undone).
   */
  constructor(private readonly onLateError: (error: unknown) => void = () => {}) {}

  add(dispose: Dispose): void {
    if (this.disposing) {
      void runStep(dispose).then((error) => {
        if (error !== undefined) this.onLateError(error);
      });
      return;
    }
    this.stack.push(dispose);
  }

  /** Runs every step once; later calls wait for the same run. Rejects with all failures at the end. */
  dispose(): Promise<void> {
    this.disposing ??= this.run();
    return this.disposing;
  }

  private async run(): Promise<void> {
    const failures: unknown[] = [];
    for (let step = this.stack.pop(); step; step = this.stack.pop()) {
      const error = await runStep(step);
      if (error !== undefined) failures.push(error);
    }
    if (failures.length > 0) {
      const reasons = failures.map((f) => (describeError(f))).join('; ');
      throw new AggregateError(failures, `${failures.length} of the steps stopping Lockstep failed: ${reasons}`);
    }
  }
}

/** Runs one step, turning a throw or a rejection into a returned error. */
async function runStep(step: Dispose): Promise<unknown> {
  try {
    await step();
    return undefined;
  } catch (error) {
    return error ?? new Error('a teardown step failed without a reason');
  }
}
