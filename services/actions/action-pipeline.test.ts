import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionJournal } from './action-journal';
import { ActionPipeline } from './action-pipeline';

const journalFile = () => join(mkdtempSync(join(tmpdir(), 'lockstep-actions-')), 'actions.jsonl');

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

  it('records a failure with the reason and does not retry it under the same key', async () => {
    const file = journalFile();
    const pipeline = new ActionPipeline(new ActionJournal(file));
    let runs = 0;
    const spec = {
      kind: 'rollback' as const,
      key: 'key-abcdef',
      summary: 's',
      run: async () => {
        runs++;
        throw new Error('deployer refused');
      },
    };
    const first = await pipeline.execute(spec);
    expect(first).toMatchObject({ status: 'failed', message: expect.stringContaining('deployer refused') });
    const again = await new ActionPipeline(new ActionJournal(file)).execute(spec);
    expect(again).toMatchObject({ status: 'failed', replayed: true });
    expect(runs).toBe(1);
  });

  it('after a crash mid-action, reports the action as in doubt instead of firing it again', async () => {
    const file = journalFile();
    const before = new ActionJournal(file);
    before.append({ actionId: 'x1', key: 'rollback:key-crash1', kind: 'rollback', state: 'started', message: '', at: 5, summary: 'switch lock-service' });
    appendFileSync(file, '{"actionId": "torn'); // what a crash mid-append leaves
    const journal = new ActionJournal(file);
    expect(journal.inDoubt().map((e) => e.actionId)).toEqual(['x1']);
    let runs = 0;
    const result = await new ActionPipeline(journal).execute({
      kind: 'rollback',
      key: 'key-crash1',
      summary: 's',
      run: async () => `ran ${++runs}`,
    });
    expect(runs).toBe(0);
    expect(result).toMatchObject({ status: 'failed', replayed: true, message: expect.stringMatching(/outcome is unknown/) });
  });
});
