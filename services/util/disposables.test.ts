import { describe, expect, it } from 'vitest';
import { Disposables } from './disposables';

describe('Disposables', () => {
  it('undoes newest first, waiting for each asynchronous step before the next', async () => {
    const order: string[] = [];
    const store = new Disposables();
    store.add(() => order.push('sources closed'));
    store.add(async () => {
      await new Promise((r) => setTimeout(r, 10));
      order.push('live closed');
    });
    store.add(() => order.push('poller stopped'));
    await store.dispose();
    expect(order).toEqual(['poller stopped', 'live closed', 'sources closed']);
  });

  it('runs once, however often and however concurrently it is asked', async () => {
    let runs = 0;
    const store = new Disposables();
    store.add(async () => {
      await Promise.resolve();
      runs++;
    });
    await Promise.all([store.dispose(), store.dispose()]);
    await store.dispose();
    expect(runs).toBe(1);
  });

  it('collects failures and still runs every other step, then reports them all', async () => {
    const ran: string[] = [];
    const store = new Disposables();
    store.add(() => ran.push('first'));
    store.add(async () => {
      throw new Error('sources would not close');
    });
    store.add(() => {
      throw new Error('timer gone');
    });
    store.add(() => ran.push('last'));
    const outcome = await store.dispose().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(ran).toEqual(['last', 'first']);
    expect(outcome).toBeInstanceOf(AggregateError);
    expect((outcome as AggregateError).errors.map((e: Error) => e.message)).toEqual(['timer gone', 'sources would not close']);
    expect((outcome as Error).message).toMatch(/2 of the steps .* timer gone; sources would not close/);
  });

  it('undoes at once what is added after disposal began, reporting its failure aside', async () => {
    const late: unknown[] = [];
    const store = new Disposables((error) => late.push(error));
    await store.dispose();
    let ran = false;
    store.add(() => {
      ran = true;
    });
    store.add(() => {
      throw new Error('late failure');
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(ran).toBe(true);
    expect(late).toEqual([new Error('late failure')]);
  });
});
