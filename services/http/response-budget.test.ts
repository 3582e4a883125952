import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../datasources/types';
import { httpText } from './request';
import { MB, processResponseBudget, ResponseBudget } from './response-budget';

const CONCURRENT = 8;
const BODY_BYTES = 24 * MB;
const BUDGET_BYTES = 32 * MB;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);
const BUDGET_SENTENCE = /answers are larger than this console can hold at once \(32 MB in flight\); narrow the query or time range$/;

/** Resolves once `count` calls of `arrive()` have happened. */
function barrier(count: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { arrive: () => ++arrived === count && open(), opened };
}

/**
 * Streams `bytes` of "a" in 64 KB chunks with backpressure. Halfway it waits at `half`,
 * so every big answer is half in the client at once: 8 × 12 MB, far over the budget.
 * Bounded by the byte count and by `deadline`.
 */
async function stream(res: ServerResponse, bytes: number, half: ReturnType<typeof barrier> | undefined, deadline: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(bytes) });
  let sent = 0;
  let halved = false;
  while (sent < bytes && !res.destroyed && Date.now() < deadline) {
    if (half && !halved && sent >= bytes / 2) {
      halved = true;
      half.arrive();
      await half.opened;
    }
    const n = Math.min(CHUNK.length, bytes - sent);
    sent += n;
    if (!res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
}

let server: Server;
let url = '';
let arrivals = barrier(CONCURRENT);
let halves = barrier(CONCURRENT);

beforeAll(async () => {
  server = createServer((req, res) => {
    const parsed = new URL(req.url ?? '/', 'http://x');
    const bytes = Number(parsed.searchParams.get('bytes') ?? '0');
    const deadline = Date.now() + 20_000;
    if (parsed.pathname === '/big') {
      // A big answer that the client drops counts as having reached the halfway mark.
      let counted = false;
      const count = () => {
        if (!counted) halves.arrive();
        counted = true;
      };
      res.once('close', count);
      arrivals.arrive();
      void arrivals.opened.then(() => stream(res, bytes, { arrive: count, opened: halves.opened }, deadline));
    } else if (parsed.pathname === '/utf8') {
      const text = 'Zürich 🔒 "lock" — '.repeat(bytes);
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) }).end(text);
    } else if (parsed.pathname === '/short') {
      // Announces `bytes`, sends half of them, then hangs up.
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(bytes) });
      res.write(Buffer.alloc(bytes / 2, 0x61), () => res.destroy());
    } else {
      void stream(res, bytes, undefined, deadline);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('ResponseBudget', () => {
  it('takes nothing when a reservation does not fit, and never goes below zero', () => {
    const budget = new ResponseBudget(100);
    expect(budget.tryReserve(60)).toBe(true);
    expect(budget.tryReserve(41)).toBe(false);
    expect(budget.inFlightBytes).toBe(60);
    expect(budget.tryReserve(40)).toBe(true);
    expect(budget.highWaterMark).toBe(100);
    budget.release(100);
    budget.release(5);
    expect(budget.inFlightBytes).toBe(0);
    expect(budget.highWaterMark).toBe(100);
  });
});

describe('httpText under a response budget', () => {
  it('holds eight concurrent large answers to the budget, fails the overflow in words, and releases everything', async () => {
    arrivals = barrier(CONCURRENT);
    halves = barrier(CONCURRENT);
    const budget = new ResponseBudget(BUDGET_BYTES);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);

    const outcomes = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, k) =>
        httpText(`${url}/big?bytes=${BODY_BYTES}&k=${k}`, { sourceId: `prom-${k}`, timeoutMs: 20_000, budget, maxBytes: 30 * MB }).then(
          // Keep only the length: the test itself must not hold 8 × 24 MB of strings.
          (answer) => ({ ok: true as const, length: answer.text.length }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
      ),
    );
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    const failures = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
    const successes = outcomes.flatMap((o) => (o.ok ? [o.length] : []));
    // 8 × 12 MB are in flight at the halfway mark against a 32 MB budget: most must fail…
    expect(failures.length).toBeGreaterThanOrEqual(CONCURRENT - 2);
    // …and the last one standing always fits.
    expect(successes.length).toBeGreaterThanOrEqual(1);
    for (const length of successes) expect(length).toBe(BODY_BYTES);
    for (const error of failures) {
      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).message).toMatch(BUDGET_SENTENCE);
      expect((error as SourceError).message).toMatch(/^127\.0\.0\.1:\d+'s answer was dropped/);
    }

    // Never more than the budget buffered at once, and it was really used.
    expect(budget.highWaterMark).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(budget.highWaterMark).toBeGreaterThan(BODY_BYTES / 2);
    // Unbudgeted, the chunks alone would be 8 × 24 MB = 192 MB (plus a joined copy of each).
    expect(rssPeak - rssBefore).toBeLessThan(CONCURRENT * BODY_BYTES);
    console.log(`budget high-water ${(budget.highWaterMark / MB).toFixed(1)} MB; RSS grew at most ${((rssPeak - rssBefore) / MB).toFixed(0)} MB; ${successes.length} of ${CONCURRENT} answers fitted`);

    // Fully released: nothing stays reserved, and the next answer goes through.
    expect(budget.inFlightBytes).toBe(0);
    const small = await httpText(`${url}/small?bytes=1000`, { sourceId: 'prom', timeoutMs: 5_000, budget });
    expect(small.text).toHaveLength(1000);
    expect(budget.inFlightBytes).toBe(0);
  });

  it('refuses one answer over the per-response cap and gives its bytes back', async () => {
    const budget = new ResponseBudget(BUDGET_BYTES);
    const error = await httpText(`${url}/small?bytes=${2 * MB}`, { sourceId: 'prom', timeoutMs: 5_000, budget, maxBytes: MB }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/sent more than 1 MB in one answer \(it announced 2 MB\); refusing it/);
    expect(budget.inFlightBytes).toBe(0);
    expect(budget.highWaterMark).toBeLessThanOrEqual(MB);
  });

  it('reserves a large announced answer whole as it starts, reads it into one buffer, and gives it all back when it is cut short', async () => {
    const budget = new ResponseBudget(BUDGET_BYTES);
    const whole = await httpText(`${url}/small?bytes=${3 * MB}`, { sourceId: 'prom', timeoutMs: 5_000, budget });
    expect(whole.text).toBe('a'.repeat(3 * MB));
    expect(budget.highWaterMark).toBe(3 * MB);
    expect(budget.inFlightBytes).toBe(0);

    const error = await httpText(`${url}/short?bytes=${4 * MB}`, { sourceId: 'prom', timeoutMs: 5_000, budget }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/closed the connection before its answer was complete \(2 MB of 4 MB\)/);
    expect(budget.inFlightBytes).toBe(0);
  });

  it('reads UTF-8 text as UTF-8 and plain ASCII as it is, small or large', async () => {
    for (const times of [3, 100_000]) {
      const answer = await httpText(`${url}/utf8?bytes=${times}`, { sourceId: 'prom', timeoutMs: 5_000 });
      expect(answer.text).toBe('Zürich 🔒 "lock" — '.repeat(times));
    }
    const ascii = await httpText(`${url}/small?bytes=${2 * MB}`, { sourceId: 'prom', timeoutMs: 5_000 });
    expect(ascii.text).toBe('a'.repeat(2 * MB));
  });

  it('counts every answer against the process budget by default', async () => {
    expect(processResponseBudget.totalBytes).toBe(192 * MB);
    processResponseBudget.resetHighWaterMark();
    await httpText(`${url}/small?bytes=${MB}`, { sourceId: 'prom', timeoutMs: 5_000 });
    expect(processResponseBudget.highWaterMark).toBeGreaterThanOrEqual(MB);
    expect(processResponseBudget.inFlightBytes).toBe(0);
  });
});
