import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../datasources/types';
import { ActionJournal } from './action-journal';
import { ActionPipeline, type ActionSpec, type RetryPolicy } from './action-pipeline';

const journalFile = () => join(mkdtempSync(join(tmpdir(), 'lockstep-actions-')), 'actions.jsonl');
/** Waits (at most 2 s) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
const FAST: RetryPolicy = { firstDelayMs: 10, maxDelayMs: 40, giveUpAfterMs: 60_000 };

/** A backend that counts what reaches it: `down` refuses connections, `slow` applies the change and then times out. */
class FakeBackend {
  sends = 0;
  applied = new Set<string>();
  down = false;
  slow = false;
  async send(target: string): Promise<string> {
    if (this.down) throw new SourceError('deploy', 'cannot reach 127.0.0.1:9: connection refused', 'unreachable');
    this.sends++;
    this.applied.add(target);
    if (this.slow) throw new SourceError('deploy', '127.0.0.1:9 did not answer within 10 s', 'timeout');
    return `switched ${target}`;
  }
  async read(target: string) {
    if (this.down) throw new SourceError('deploy', 'cannot reach 127.0.0.1:9: connection refused', 'unreachable');
    return { done: this.applied.has(target), message: `deployer shows ${target} ${this.applied.has(target) ? 'live' : 'not live'}` };
  }
}

/** The spec a handler (or a reviver after a restart) makes for "switch `target`". */
const switchSpec = (backend: FakeBackend, key: string, target: string, withReconcile = true): ActionSpec => ({
  kind: 'rollback',
  key,
  summary: `switch to ${target}`,
  request: { target },
  run: () => backend.send(target),
  reconcile: withReconcile ? () => backend.read(target) : undefined,
});

describe('ActionPipeline', () => {
  it('runs an action once per idempotency key, even when retried concurrently and later', async () => {
    const pipeline = new ActionPipeline(new ActionJournal(journalFile()));
    let runs = 0;
    const spec = { kind: 'acknowledge' as const, key: 'key-12345', summary: 's', run: async () => `done ${++runs}` };
    const [a, b] = await Promise.all([pipeline.execute(spec), pipeline.execute(spec)]);
    const c = await pipeline.execute(spec);
    expect(runs).toBe(1);
    expect(a).toMatchObject({ status: 'succeeded', message: 'done 1', replayed: false });
    expect(b).toMatchObject({ status: 'succeeded', replayed: true, actionId: a.actionId });
    expect(c).toMatchObject({ status: 'succeeded', replayed: true, actionId: a.actionId });
  });

  it('records a definitive failure with the reason and does not retry it under the same key', async () => {
    const file = journalFile();
    const pipeline = new ActionPipeline(new ActionJournal(file));
    let runs = 0;
    const spec = {
      kind: 'rollback' as const,
      key: 'key-abcdef',
      summary: 's',
      run: async () => {
        runs++;
        throw new SourceError('deploy', 'deployer refused the change: colour unknown', 'rejected');
      },
    };
    const first = await pipeline.execute(spec);
    expect(first).toMatchObject({ status: 'failed', message: expect.stringContaining('deployer refused') });
    const again = await new ActionPipeline(new ActionJournal(file)).execute(spec);
    expect(again).toMatchObject({ status: 'failed', replayed: true });
    expect(runs).toBe(1);
  });

  it('after a crash mid-action with no way to read the backend, reports it in doubt instead of firing it again', async () => {
    const file = journalFile();
    const before = new ActionJournal(file);
    before.append({ actionId: 'x1', key: 'rollback:key-crash1', kind: 'rollback', state: 'started', message: '', at: 5, summary: 'switch lock-service' });
    appendFileSync(file, '{"actionId": "torn'); // what a crash mid-append leaves
    const journal = new ActionJournal(file);
    expect(journal.inDoubt().map((e) => e.actionId)).toEqual(['x1']);
    let runs = 0;
    const pipeline = new ActionPipeline(journal);
    const result = await pipeline.execute({ kind: 'rollback', key: 'key-crash1', summary: 's', run: async () => `ran ${++runs}` });
    expect(runs).toBe(0);
    expect(result).toMatchObject({ status: 'unknown', replayed: true, message: expect.stringMatching(/outcome is unknown/) });
    expect(pipeline.list()).toEqual([expect.objectContaining({ actionId: 'x1', state: 'in_doubt', summary: 'switch lock-service' })]);
  });

  it('a torn journal tail is cut away (kept aside) so the next entry is readable, and the torn key is not sent twice', async () => {
    const file = journalFile();
    const backend = new FakeBackend();
    const warnings: string[] = [];
    const first = new ActionPipeline(new ActionJournal(file, (w) => warnings.push(w)));
    expect(await first.execute(switchSpec(backend, 'key-torn-1', 'blue', false))).toMatchObject({ status: 'succeeded' });
    // The process is killed while appending the outcome of a second action: 'started' is whole, the outcome torn.
    const second = switchSpec(backend, 'key-torn-2', 'green', false);
    new ActionJournal(file).append({ actionId: 'a2', key: 'rollback:key-torn-2', kind: 'rollback', state: 'started', message: '', at: 1, summary: 'switch to green', request: { target: 'green' } });
    await backend.send('green');
    appendFileSync(file, '{"actionId":"a2","key":"rollback:key-torn-2","kind":"rollback","state":"succ');

    const journal = new ActionJournal(file, (w) => warnings.push(w));
    expect(warnings).toEqual([expect.stringMatching(/torn entry \(\d+ bytes.*kept it in .*actions\.jsonl\.torn-/)]);
    const aside = readdirSync(dirname(file)).filter((f) => f.includes('.torn-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dirname(file), aside[0]!), 'utf8')).toContain('"state":"succ');
    expect(statSync(join(dirname(file), aside[0]!)).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);

    const pipeline = new ActionPipeline(journal);
    // A retry of the torn key: in doubt, not sent again.
    expect(await pipeline.execute(second)).toMatchObject({ status: 'unknown', replayed: true });
    // The next entry is readable after another restart.
    expect(await pipeline.execute(switchSpec(backend, 'key-torn-3', 'blue', false))).toMatchObject({ status: 'succeeded' });
    const reread = new ActionJournal(file, (w) => warnings.push(w));
    expect(reread.latest('rollback:key-torn-3')).toMatchObject({ state: 'succeeded' });
    expect(reread.latest('rollback:key-torn-1')).toMatchObject({ state: 'succeeded' });
    expect(warnings).toHaveLength(1);
    expect(backend.sends).toBe(3); // blue, green once, blue
  });

  it('a line torn while running (a failed write) is cut before the next append', () => {
    const file = journalFile();
    const warnings: string[] = [];
    const journal = new ActionJournal(file, (w) => warnings.push(w));
    journal.append({ actionId: 'b1', key: 'acknowledge:k1', kind: 'acknowledge', state: 'succeeded', message: 'ok', at: 1, summary: 's' });
    appendFileSync(file, '{"actionId":"b2","key":"ackn'); // the disk filled up mid-write
    journal.append({ actionId: 'b3', key: 'acknowledge:k3', kind: 'acknowledge', state: 'succeeded', message: 'ok', at: 2, summary: 's' });
    const reread = new ActionJournal(file, (w) => warnings.push(w));
    expect(reread.latest('acknowledge:k3')).toMatchObject({ actionId: 'b3' });
    expect(reread.latest('acknowledge:k1')).toMatchObject({ actionId: 'b1' });
    expect(warnings).toEqual([expect.stringMatching(/torn entry/)]);
  });

  it('a torn tail on the started line itself: the action had not been sent, so a retry sends it once', async () => {
    const file = journalFile();
    const backend = new FakeBackend();
    appendFileSync(file, '{"actionId":"a1","key":"rollback:key-half-1","kind":"rollb');
    const pipeline = new ActionPipeline(new ActionJournal(file));
    const spec = switchSpec(backend, 'key-half-1', 'blue');
    expect(await pipeline.execute(spec)).toMatchObject({ status: 'succeeded', replayed: false });
    expect(await new ActionPipeline(new ActionJournal(file)).execute(spec)).toMatchObject({ status: 'succeeded', replayed: true });
    expect(backend.sends).toBe(1);
  });

  it('an action killed between journal write and send reaches the backend exactly once after restart', async () => {
    const file = journalFile();
    const backend = new FakeBackend();
    // "Killed" after the fsynced 'started' entry, before the send.
    new ActionJournal(file).append({ actionId: 'k1', key: 'rollback:key-killed', kind: 'rollback', state: 'started', message: '', at: 1, summary: 'switch to blue', request: { target: 'blue' } });
    const revivers = { rollback: (request: unknown) => switchSpec(backend, 'key-killed', (request as { target: string }).target) };

    const restarted = new ActionPipeline(new ActionJournal(file));
    const seen: string[][] = [];
    restarted.onChange((actions) => seen.push(actions.map((a) => a.state)));
    await restarted.recover(revivers);
    expect(backend.sends).toBe(1);
    expect(restarted.list()).toEqual([expect.objectContaining({ actionId: 'k1', state: 'succeeded', message: 'switched blue' })]);
    expect(seen.at(-1)).toEqual(['succeeded']);

    // Another restart, and the client's own retry with the same key: nothing more is sent.
    const again = new ActionPipeline(new ActionJournal(file));
    await again.recover(revivers);
    expect(await again.execute(switchSpec(backend, 'key-killed', 'blue'))).toMatchObject({ status: 'succeeded', replayed: true });
    expect(backend.sends).toBe(1);
  });

  it('an action killed after the send is reconciled as done, not sent again', async () => {
    const file = journalFile();
    const backend = new FakeBackend();
    new ActionJournal(file).append({ actionId: 'k2', key: 'rollback:key-sent', kind: 'rollback', state: 'started', message: '', at: 1, summary: 'switch to blue', request: { target: 'blue' } });
    await backend.send('blue'); // it got there; the process died before the outcome was written
    const pipeline = new ActionPipeline(new ActionJournal(file));
    await pipeline.recover({ rollback: () => switchSpec(backend, 'key-sent', 'blue') });
    expect(backend.sends).toBe(1);
    expect(pipeline.list()).toEqual([expect.objectContaining({ actionId: 'k2', state: 'succeeded', reconciled: true, message: 'deployer shows blue live' })]);
    expect(new ActionJournal(file).latest('rollback:key-sent')).toMatchObject({ state: 'succeeded', reconciled: true });
  });

  it('is queued while the backend is down, shown as pending, and sent once when it returns', async () => {
    const backend = new FakeBackend();
    backend.down = true;
    const file = journalFile();
    const pipeline = new ActionPipeline(new ActionJournal(file), Date.now, FAST);
    const spec = switchSpec(backend, 'key-down-1', 'blue');
    const first = await pipeline.execute(spec);
    expect(first).toMatchObject({ status: 'pending', message: expect.stringMatching(/cannot reach.*Queued/) });
    expect(pipeline.list()).toEqual([expect.objectContaining({ state: 'pending', nextAttemptAt: expect.any(Number), attempts: 1 })]);
    // A retry from the client while queued joins the queue rather than sending.
    expect(await pipeline.execute(spec)).toMatchObject({ status: 'pending', replayed: true, actionId: first.actionId });
    await new Promise((r) => setTimeout(r, 60));
    expect(backend.sends).toBe(0);
    backend.down = false;
    await until(() => pipeline.list()[0]?.state === 'succeeded');
    expect(backend.sends).toBe(1);
    expect(await pipeline.execute(spec)).toMatchObject({ status: 'succeeded', replayed: true, actionId: first.actionId });
    await new Promise((r) => setTimeout(r, 60));
    expect(backend.sends).toBe(1);
    pipeline.close();
  });

  it('a queued action survives a restart and is sent once when the backend returns', async () => {
    const backend = new FakeBackend();
    backend.down = true;
    const file = journalFile();
    const before = new ActionPipeline(new ActionJournal(file), Date.now, FAST);
    expect(await before.execute(switchSpec(backend, 'key-down-2', 'green'))).toMatchObject({ status: 'pending' });
    before.close(); // the process stops with the action queued
    backend.down = false;
    const after = new ActionPipeline(new ActionJournal(file), Date.now, FAST);
    expect(after.list()).toEqual([expect.objectContaining({ state: 'pending' })]);
    await after.recover({ rollback: (r) => switchSpec(backend, 'key-down-2', (r as { target: string }).target) });
    expect(backend.sends).toBe(1);
    expect(after.list()[0]).toMatchObject({ state: 'succeeded' });
  });

  it('a transient failure is not the final answer: a retry with the same key runs again', async () => {
    const file = journalFile();
    const backend = new FakeBackend();
    backend.down = true;
    const pipeline = new ActionPipeline(new ActionJournal(file));
    const spec: ActionSpec = { ...switchSpec(backend, 'key-transient', 'blue'), retryable: false };
    expect(await pipeline.execute(spec)).toMatchObject({ status: 'failed', replayed: false });
    backend.down = false;
    expect(await new ActionPipeline(new ActionJournal(file)).execute(spec)).toMatchObject({ status: 'succeeded', replayed: false });
    expect(backend.sends).toBe(1);
  });

  it('a send that timed out is reconciled before any retry, so a slow backend is not switched twice', async () => {
    const backend = new FakeBackend();
    backend.slow = true;
    const pipeline = new ActionPipeline(new ActionJournal(journalFile()), Date.now, FAST);
    expect(await pipeline.execute(switchSpec(backend, 'key-slow', 'blue'))).toMatchObject({ status: 'pending' });
    await until(() => pipeline.list()[0]?.state === 'succeeded');
    expect(pipeline.list()[0]).toMatchObject({ reconciled: true });
    expect(backend.sends).toBe(1);

    // Without a way to read the backend, a timeout is in doubt and never re-sent blindly.
    const blind = new ActionPipeline(new ActionJournal(journalFile()), Date.now, FAST);
    expect(await blind.execute(switchSpec(backend, 'key-slow-2', 'green', false))).toMatchObject({ status: 'unknown' });
    expect(blind.list()).toEqual([expect.objectContaining({ state: 'in_doubt' })]);
    expect(backend.sends).toBe(2);
  });

  it('gives up after the retry window, without making that the final answer', async () => {
    let clock = 0;
    const backend = new FakeBackend();
    backend.down = true;
    const pipeline = new ActionPipeline(new ActionJournal(journalFile()), () => clock, { firstDelayMs: 5, maxDelayMs: 5, giveUpAfterMs: 60_000 });
    const spec = switchSpec(backend, 'key-gone', 'blue');
    expect(await pipeline.execute(spec)).toMatchObject({ status: 'pending' });
    clock = 120_000;
    await until(() => pipeline.list()[0]?.state === 'failed');
    expect(pipeline.list()[0]).toMatchObject({ message: expect.stringMatching(/Gave up after 2 min/) });
    backend.down = false;
    expect(await pipeline.execute(spec)).toMatchObject({ status: 'succeeded', replayed: false });
    expect(backend.sends).toBe(1);
  });
});
