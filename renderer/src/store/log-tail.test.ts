import { afterEach, describe, expect, it } from 'vitest';
import type { LockstepClient, MethodName } from '../../../shared/api/contract';
import type { LogLine } from '../../../shared/model/logs';
import type { RendererClient } from '../api/types';
import { shownLines } from './panels-slice';
import { resetStore, useStore } from './store';

afterEach(() => resetStore());

const line = (ms: number, message: string): LogLine => ({ time: ms, nanos: String(ms * 1_000_000), level: 'warn', message, labels: {} });

/** A client that records calls and answers startLogTail as the services do. */
function fakeClient(answer: (method: MethodName, request: unknown) => unknown = () => ({ tailId: 'logs', state: 'connecting' })) {
  const calls: { method: MethodName; request: unknown }[] = [];
  const client: RendererClient = {
    kind: 'web',
    call: (async (method: MethodName, request: unknown) => {
      calls.push({ method, request });
      return answer(method, request);
    }) as LockstepClient['call'],
    on: () => () => undefined,
    connection: () => ({ status: 'open', attempt: 0 }),
    onConnection: () => () => undefined,
    onProtocolError: () => () => undefined,
    close: () => undefined,
  };
  return { client, calls };
}

describe('a logs panel’s live tail in the store', () => {
  it('starts from the newest line shown, then puts arriving lines on top without repeats', async () => {
    const { client, calls } = fakeClient();
    useStore.setState({ client, connection: { status: 'open', attempt: 0 }, logs: { logs: { lines: [line(2000, 'b'), line(1000, 'a')], loading: false, fetchedAt: 2000 } } });
    const s = useStore.getState();
    s.setLive('logs', true, 3);
    await s.openTail('logs', '{level="warn"}');
    expect(calls).toEqual([{ method: 'startLogTail', request: { tailId: 'logs', query: '{level="warn"}', limit: 3, start: 2000 } }]);
    s.applyLogTail({ tailId: 'logs', lines: [line(2000, 'b'), line(3000, 'c')], state: 'live', at: 3100 });
    expect(shownLines(useStore.getState().logs.logs).map((l) => l.message)).toEqual(['c', 'b', 'a']);
    expect(useStore.getState().logs.logs!.fetchedAt).toBe(3100);
    s.applyLogTail({ tailId: 'logs', lines: [line(4000, 'd')], state: 'live', dropped: 12, at: 4100 });
    // The query limit (3) bounds what the tail asks for on connect, not what the panel keeps: that is the 100,000-line ring.
    expect(shownLines(useStore.getState().logs.logs).map((l) => l.message)).toEqual(['d', 'c', 'b', 'a']);
    expect(useStore.getState().logTails.logs).toMatchObject({ state: 'live', dropped: 12 });
    expect(useStore.getState().logs.logs!.ring!.total).toBe(4);
  });

  it('counts lines that arrive while the person reads (kept in the ring, after the reader’s place), and clears the count when they come back', () => {
    useStore.setState({ logs: { logs: { lines: [line(1000, 'a')], loading: false } } });
    const s = useStore.getState();
    s.setLive('logs', true, 10);
    s.setTailPaused('logs', true);
    s.applyLogTail({ tailId: 'logs', lines: [line(2000, 'b'), line(3000, 'c')], state: 'live', at: 3000 });
    s.applyLogTail({ tailId: 'logs', lines: [line(3000, 'c')], state: 'live', at: 3000 });
    expect(shownLines(useStore.getState().logs.logs).map((l) => l.message)).toEqual(['c', 'b', 'a']);
    // The repeat of c is not a new line.
    expect(useStore.getState().logTails.logs!.pending).toBe(2);
    s.setTailPaused('logs', false);
    expect(useStore.getState().logTails.logs).toMatchObject({ paused: false, pending: 0 });
    s.applyLogTail({ tailId: 'logs', lines: [line(4000, 'd')], state: 'live', at: 4000 });
    expect(useStore.getState().logTails.logs!.pending).toBe(0);
  });

  it('a failed tail turns Live off with the reason; events for a panel not live are ignored', async () => {
    const s = useStore.getState();
    s.applyLogTail({ tailId: 'other', lines: [line(1, 'x')], state: 'live', at: 1 });
    expect(useStore.getState().logs.other).toBeUndefined();
    s.setLive('logs', true, 10);
    s.applyLogTail({ tailId: 'logs', lines: [], state: 'failed', message: 'Loki rejected the tail query: parse error.', at: 5 });
    expect(useStore.getState().logTails.logs).toMatchObject({ on: false, state: 'failed', message: 'Loki rejected the tail query: parse error.' });
  });

  it('a refusal to start turns Live off and keeps the services’ sentence', async () => {
    const { client } = fakeClient(() => {
      throw Object.assign(new Error('Logs (ES) cannot follow logs live: elasticsearch has no tail API, so the panel keeps refreshing instead.'), { code: 'unavailable' });
    });
    useStore.setState({ client });
    useStore.getState().setLive('logs', true, 10);
    await useStore.getState().openTail('logs', '*');
    expect(useStore.getState().logTails.logs).toMatchObject({ on: false, state: 'failed', message: expect.stringContaining('elasticsearch has no tail API') });
  });
});
