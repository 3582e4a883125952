import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type EventEnvelope, events, type LogLine, type LogTailEvent } from '../../shared';
import type { ClientSession } from '../core/client';
import { SourceSet } from '../datasources/source-set';
import type { DataSource, LogTailSink, SourceTailRequest } from '../datasources/types';
import { LogTailHub } from './log-tails';

/** A logs source whose tails the test drives by hand through their sinks. */
function scripted() {
  const tails: { request: SourceTailRequest; sink: LogTailSink; closed: boolean }[] = [];
  const source: DataSource = {
    id: 'loki',
    kind: 'loki',
    name: 'Loki',
    logs: {
      queryLogs: async () => ({ lines: [], fetchedAt: 0, warnings: [] }),
      tail(request, sink) {
        const entry = { request, sink, closed: false };
        tails.push(entry);
        return { close: () => void (entry.closed = true) };
      },
    },
  };
  const noTail: DataSource = { id: 'es', kind: 'elasticsearch', name: 'Logs (ES)', logs: { queryLogs: async () => ({ lines: [], fetchedAt: 0, warnings: [] }) } };
  return { tails, sources: new SourceSet([source, noTail]) };
}

function client(id: string) {
  const sent: LogTailEvent[] = [];
  const session: ClientSession = {
    id,
    send: (e: EventEnvelope) => {
      // What reaches a console must pass the contract.
      if (e.event === 'logTail') sent.push(events.logTail.parse(e.payload));
    },
  };
  return { session, sent };
}

const line = (i: number): LogLine => ({ time: 1_000 + i, nanos: String(1_000_000_000 + i), level: 'info', message: `line ${i}`, labels: {} });
const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => line(from + i));

let hub: LogTailHub;
let setup: ReturnType<typeof scripted>;
beforeEach(() => {
  vi.useFakeTimers();
  setup = scripted();
  hub = new LogTailHub(setup.sources, () => 5_000);
});
afterEach(() => {
  hub.close();
  vi.useRealTimers();
});

describe('LogTailHub', () => {
  it('starts the source’s tail from the request (start defaults to now) and tells the console it is connecting', async () => {
    const desk = client('desk');
    expect(hub.start(desk.session, { tailId: 'logs', query: '{app="x"}', limit: 100 })).toEqual({ tailId: 'logs', state: 'connecting' });
    expect(setup.tails[0]!.request).toEqual({ query: '{app="x"}', start: 5_000, limit: 100 });
    await vi.advanceTimersByTimeAsync(0);
    expect(desk.sent).toEqual([{ tailId: 'logs', lines: [], state: 'connecting', at: 5_000 }]);
    setup.tails[0]!.sink.state('live');
    await vi.advanceTimersByTimeAsync(0);
    expect(desk.sent.at(-1)).toEqual({ tailId: 'logs', lines: [], state: 'live', at: 5_000 });
  });

  it('batches a flood: at most 250 lines every 250 ms, in order, none lost below the buffer', async () => {
    const desk = client('desk');
    hub.start(desk.session, { tailId: 'logs', query: '{app="x"}', limit: 100 });
    setup.tails[0]!.sink.state('live');
    await vi.advanceTimersByTimeAsync(0);
    desk.sent.length = 0;
    setup.tails[0]!.sink.lines(lines(0, 1000));
    await vi.advanceTimersByTimeAsync(999);
    expect(desk.sent.map((e) => e.lines.length)).toEqual([250, 250, 250]);
    await vi.advanceTimersByTimeAsync(1);
    expect(desk.sent.map((e) => e.lines.length)).toEqual([250, 250, 250, 250]);
    expect(desk.sent.flatMap((e) => e.lines.map((l) => l.message))).toEqual(lines(0, 1000).map((l) => l.message));
    expect(desk.sent.every((e) => e.skipped === undefined && e.state === 'live')).toBe(true);
  });

  it('keeps the newest 2,000 lines of a bigger flood and says how many it skipped', async () => {
    const desk = client('desk');
    hub.start(desk.session, { tailId: 'logs', query: '{app="x"}', limit: 100 });
    await vi.advanceTimersByTimeAsync(0);
    desk.sent.length = 0;
    setup.tails[0]!.sink.lines(lines(0, 5000));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(desk.sent[0]!.skipped).toBe(3000);
    expect(desk.sent.slice(1).every((e) => e.skipped === undefined)).toBe(true);
    const delivered = desk.sent.flatMap((e) => e.lines);
    expect(delivered).toHaveLength(2000);
    expect(delivered[0]!.message).toBe('line 3000');
    expect(delivered.at(-1)!.message).toBe('line 4999');
  });

  it('passes on the lines Loki dropped, and a reconnect at once, with its reason', async () => {
    const desk = client('desk');
    hub.start(desk.session, { tailId: 'logs', query: '{app="x"}', limit: 100 });
    await vi.advanceTimersByTimeAsync(0);
    setup.tails[0]!.sink.dropped(12);
    await vi.advanceTimersByTimeAsync(250);
    expect(desk.sent.at(-1)).toMatchObject({ dropped: 12, lines: [] });
    setup.tails[0]!.sink.state('reconnecting', 'the connection to Loki dropped; reconnecting in 1.0 s (attempt 1), resuming where it stopped.');
    await vi.advanceTimersByTimeAsync(0);
    expect(desk.sent.at(-1)).toEqual({ tailId: 'logs', lines: [], state: 'reconnecting', message: 'the connection to Loki dropped; reconnecting in 1.0 s (attempt 1), resuming where it stopped.', at: 5_000 });
  });

  it('holds at most 3 tails per console, replaces one started again, and stops them all when the console leaves', async () => {
    const desk = client('desk');
    for (const id of ['a', 'b', 'c']) hub.start(desk.session, { tailId: id, query: '{app="x"}', limit: 10 });
    expect(() => hub.start(desk.session, { tailId: 'd', query: '{app="x"}', limit: 10 })).toThrow(
      'This console already follows 3 log panels live, the most one console may; turn Live off on another panel first.',
    );
    hub.start(desk.session, { tailId: 'a', query: '{app="y"}', limit: 10 });
    expect(setup.tails.map((t) => [t.request.query, t.closed])).toEqual([
      ['{app="x"}', true],
      ['{app="x"}', false],
      ['{app="x"}', false],
      ['{app="y"}', false],
    ]);
    expect(hub.stop('desk', 'b')).toBe(true);
    expect(hub.stop('desk', 'b')).toBe(false);
    hub.clear('desk');
    expect(setup.tails.every((t) => t.closed)).toBe(true);
    expect(hub.count()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(desk.sent.every((e) => e.state === 'connecting')).toBe(true);
  });

  it('a tail that failed for good is told once and frees its place', async () => {
    const desk = client('desk');
    hub.start(desk.session, { tailId: 'logs', query: 'bad', limit: 10 });
    setup.tails[0]!.sink.state('failed', 'Loki rejected the tail query: parse error at line 1, col 1.');
    await vi.advanceTimersByTimeAsync(0);
    expect(desk.sent.at(-1)).toMatchObject({ state: 'failed', message: 'Loki rejected the tail query: parse error at line 1, col 1.' });
    expect(setup.tails[0]!.closed).toBe(true);
    expect(hub.count()).toBe(0);
    setup.tails[0]!.sink.lines(lines(0, 3));
    await vi.advanceTimersByTimeAsync(1000);
    expect(desk.sent.filter((e) => e.lines.length > 0)).toEqual([]);
  });

  it('refuses a source that has no tail, saying what the panel does instead', () => {
    expect(() => hub.start(client('desk').session, { tailId: 'logs', source: 'es', query: '*', limit: 10 })).toThrow(
      'Logs (ES) cannot follow logs live: elasticsearch has no tail API, so the panel keeps refreshing instead.',
    );
  });

  it('caps tails over all consoles', () => {
    const small = new LogTailHub(setup.sources, () => 0, { perClient: 3, total: 2, flushMs: 250, linesPerFlush: 250, buffer: 2000 });
    small.start(client('a').session, { tailId: 'x', query: '{a="1"}', limit: 1 });
    small.start(client('b').session, { tailId: 'x', query: '{a="1"}', limit: 1 });
    expect(() => small.start(client('c').session, { tailId: 'x', query: '{a="1"}', limit: 1 })).toThrow(/already follows 2 log queries live for all its consoles/);
    small.close();
  });
});
