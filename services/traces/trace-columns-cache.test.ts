import { describe, expect, it } from 'vitest';
import type { TraceFetchProgress } from '../../shared/api/trace-progress';
import { toTraceColumnsWire } from '../../shared/model/trace-columns';
import type { Trace } from '../../shared/model/traces';
import { decodeTraceColumns, encodeTraceColumns } from '../../shared/trace/columns-codec';
import { TraceColumnsCache } from './trace-columns-cache';

/** What a source answers for the trace, as columns (what the cache keeps). */
function columnsOf(id: string, spans: number, partial?: string) {
  return encodeTraceColumns(trace(id, spans, partial));
}

function trace(id: string, spans: number, partial?: string): Trace {
  return {
    traceId: id,
    resources: [],
    warnings: [],
    ...(partial ? { partial } : {}),
    spans: Array.from({ length: spans }, (_, i) => ({
      spanId: `${id}-${i}`,
      ...(i > 0 ? { parentId: `${id}-0` } : {}),
      service: 'checkout',
      operation: 'get /cart',
      kind: 'server' as const,
      resource: 0,
      start: 1_700_000_000_000_000 + i,
      duration: 10,
      attributes: {},
      events: [],
      status: { code: 'unset' as const },
    })),
  };
}

describe('TraceColumnsCache', () => {
  it('answers a second open from the kept columns, and the columns decode to the trace fetched', async () => {
    const cache = new TraceColumnsCache({ now: () => 0 });
    const source = {};
    let fetches = 0;
    const fetch = async () => {
      fetches += 1;
      return columnsOf('a', 3);
    };
    const first = await cache.columns(source, 'a', fetch);
    const second = await cache.columns(source, 'a', fetch);
    expect(fetches).toBe(1);
    expect(second).toBe(first);
    expect(decodeTraceColumns(second)).toEqual(trace('a', 3));
  });

  it('shares one fetch between two opens under way at once', async () => {
    const cache = new TraceColumnsCache({ now: () => 0 });
    let fetches = 0;
    const fetch = async () => {
      fetches += 1;
      return columnsOf('a', 2);
    };
    const source = {};
    const [x, y] = await Promise.all([cache.columns(source, 'b', fetch), cache.columns(source, 'b', fetch)]);
    expect(fetches).toBe(1);
    expect(y).toBe(x);
  });

  it('fetches again once the kept copy is older than a minute, and per source', async () => {
    let now = 0;
    const cache = new TraceColumnsCache({ now: () => now, freshMs: 60_000 });
    const source = {};
    let fetches = 0;
    const fetch = async () => {
      fetches += 1;
      return columnsOf('a', fetches);
    };
    await cache.columns(source, 'a', fetch);
    now = 59_999;
    expect((await cache.columns(source, 'a', fetch)).count).toBe(1);
    now = 60_000;
    expect((await cache.columns(source, 'a', fetch)).count).toBe(2);
    expect((await cache.columns({}, 'a', fetch)).count).toBe(3);
  });

  it('keeps neither a failed fetch nor a partial answer', async () => {
    const cache = new TraceColumnsCache({ now: () => 0 });
    const source = {};
    await expect(cache.columns(source, 'a', async () => Promise.reject(new Error('zipkin down')))).rejects.toThrow('zipkin down');
    expect((await cache.columns(source, 'a', async () => columnsOf('a', 1, 'cut at 1 span'))).partial).toBe('cut at 1 span');
    const again = await cache.columns(source, 'a', async () => columnsOf('a', 4));
    expect(again.count).toBe(4);
  });

  it('drops the least recently opened traces once the kept spans pass the limit', async () => {
    const cache = new TraceColumnsCache({ now: () => 0, maxSpans: 10 });
    const source = {};
    const fetched: string[] = [];
    const fetch = (id: string, spans: number) => async () => {
      fetched.push(id);
      return columnsOf(id, spans);
    };
    await cache.columns(source, 'a', fetch('a', 4));
    await cache.columns(source, 'b', fetch('b', 4));
    await cache.columns(source, 'a', fetch('a', 4)); // a is now the most recent
    await cache.columns(source, 'c', fetch('c', 4)); // 12 > 10: b goes
    await cache.columns(source, 'a', fetch('a', 4));
    await cache.columns(source, 'c', fetch('c', 4));
    expect(fetched).toEqual(['a', 'b', 'c']);
    await cache.columns(source, 'b', fetch('b', 4));
    expect(fetched).toEqual(['a', 'b', 'c', 'b']);
  });
});

describe('TraceColumnsCache: how far a fetch is', () => {
  it('tells the console that asked, and one that joined the same fetch where it stands and what follows, until it settles', async () => {
    const cache = new TraceColumnsCache({ now: () => 0 });
    const source = {};
    let report: ((p: { phase: 'asking' | 'receiving' | 'reading'; receivedBytes: number; totalBytes?: number }) => void) | undefined;
    let answer: ((c: ReturnType<typeof columnsOf>) => void) | undefined;
    const fetch = (r: NonNullable<typeof report>) => {
      report = r;
      return new Promise<ReturnType<typeof columnsOf>>((resolve) => (answer = resolve));
    };
    const first: number[] = [];
    const second: number[] = [];
    const opening = cache.columns(source, 'a', fetch, (p) => first.push(p.receivedBytes));
    report!({ phase: 'asking', receivedBytes: 0 });
    report!({ phase: 'receiving', receivedBytes: 100, totalBytes: 300 });
    const joined = cache.columns(source, 'a', () => Promise.reject(new Error('not fetched twice')), (p) => second.push(p.receivedBytes));
    report!({ phase: 'receiving', receivedBytes: 200, totalBytes: 300 });
    answer!(columnsOf('a', 3));
    await Promise.all([opening, joined]);
    expect(first).toEqual([0, 100, 200]);
    // Joined at 100 (told at once), then heard 200.
    expect(second).toEqual([100, 200]);
    // Kept now: a later open is answered at once, with nothing to tell (the fetch told no first rows).
    const later: number[] = [];
    await cache.columns(source, 'a', () => Promise.reject(new Error('not fetched again')), (p) => later.push(p.receivedBytes));
    expect(later).toEqual([]);
  });

  it('tells a reopen the first rows the fetch ended with, and nothing else of it', async () => {
    const cache = new TraceColumnsCache({ now: () => 0 });
    const source = {};
    const columns = columnsOf('a', 3);
    const head = { columns: toTraceColumnsWire(columns), spanCount: 3, start: 0, duration: 1, services: ['s'], childCount: [0, 0, 0], errorBelow: [] };
    const first: string[] = [];
    await cache.columns(
      source,
      'a',
      async (report) => {
        report({ phase: 'reading', receivedBytes: 9 });
        report({ phase: 'sending', receivedBytes: 9, head });
        return columns;
      },
      (p) => first.push(p.phase),
    );
    expect(first).toEqual(['reading', 'sending']);
    const reopen: TraceFetchProgress[] = [];
    await expect(cache.columns(source, 'a', () => Promise.reject(new Error('not fetched again')), (p) => reopen.push(p))).resolves.toBe(columns);
    expect(reopen).toEqual([{ phase: 'sending', receivedBytes: 9, head }]);
  });

  it('keeps telling the others when one watcher throws (its console went away)', async () => {
    const cache = new TraceColumnsCache({ now: () => 0 });
    const heard: number[] = [];
    const columns = cache.columns(
      {},
      'b',
      async (report) => {
        report({ phase: 'receiving', receivedBytes: 5 });
        return columnsOf('b', 2);
      },
      () => {
        throw new Error('gone');
      },
    );
    await expect(columns).resolves.toMatchObject({ count: 2 });
    const source = {};
    const again = cache.columns(source, 'c', async (report) => {
      await Promise.resolve();
      report({ phase: 'reading', receivedBytes: 7 });
      return columnsOf('c', 1);
    }, () => {
      throw new Error('gone');
    });
    await cache.columns(source, 'c', () => Promise.reject(new Error('joined')), (p) => heard.push(p.receivedBytes));
    await again;
    expect(heard).toEqual([7]);
  });
});
