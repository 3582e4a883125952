import { describe, expect, it } from 'vitest';
import { LogStore } from './log-store';
import { LogQueryError, parseLogQuery, runLogQuery } from './logql';

describe('the LogQL subset', () => {
  const store = new LogStore(3);
  store.add({ time: 1000, service: 'a', level: 'info', msg: 'first' });
  store.add({ time: 2000, service: 'b', level: 'error', msg: 'boom here' });
  store.add({ time: 3000, service: 'b', level: 'info', msg: 'fine' });
  store.add({ time: 4000, service: 'b', level: 'error', msg: 'boom again' }); // evicts "first"

  const run = (q: string, direction: 'forward' | 'backward' = 'backward') =>
    runLogQuery(store.lines(), parseLogQuery(q), { startMs: 0, endMs: 10_000, limit: 10, direction }).map((l) => l.msg);

  it('matches labels, filters lines and orders by time', () => {
    expect(run('{service="b", level="error"}')).toEqual(['boom again', 'boom here']);
    expect(run('{service=~"a|b"} |= "boom" != "again"', 'forward')).toEqual(['boom here']);
    expect(run('{level!="error"}')).toEqual(['fine']);
    expect(run('{service="a"}')).toEqual([]);
  });

  it('rejects what it does not implement, in words', () => {
    for (const q of ['sum(rate({a="b"}[1m]))', '{a="b"} | json', '{}', '{a="b"} |~ "x"', '{a=~"("}']) {
      expect(() => parseLogQuery(q)).toThrow(LogQueryError);
    }
  });
});
