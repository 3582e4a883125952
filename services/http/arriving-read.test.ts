import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ArrivingRead, ByteReader } from '../../shared/text/byte-reader';
import type { BodyReader } from './body-reader';
import { AnyJson, failureOf, promConfig, startServer, type TestServer, Transports } from './testdata/transport-kit';

/**
 * A large answer read while it arrives (ByteReader.follow through httpScanned): the reader is
 * told after each chunk how much is in, sees the bytes in their final place, and its result is
 * the answer's; anything it cannot follow (small, compressed, refused) is read whole as before.
 */

const MB = 1024 * 1024;
/** A JSON array of `n` bytes: what a reader here counts is the bytes it saw, not their meaning. */
const arrayOf = (n: number): Buffer => Buffer.from(`[${' '.repeat(n - 2)}]`);
const BIG = arrayOf(3 * MB);
const SMALL = arrayOf(64 * 1024);

let server: TestServer;
const transports = new Transports();

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/big' || path === '/big-slow') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': BIG.length });
      if (path === '/big') return void res.end(BIG);
      // Four pieces with pauses: the reader must have seen the first ones before the last is sent.
      let at = 0;
      const piece = Math.ceil(BIG.length / 4);
      const next = () => {
        res.write(BIG.subarray(at, at + piece));
        at += piece;
        if (at >= BIG.length) res.end();
        else setTimeout(next, 30);
      };
      return next();
    }
    if (path === '/big-broken') {
      // Half the announced bytes, then the connection is cut.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': BIG.length });
      res.write(BIG.subarray(0, BIG.length / 2), () => setTimeout(() => res.destroy(), 30));
      return;
    }
    if (path === '/small') return void res.writeHead(200, { 'content-type': 'application/json', 'content-length': SMALL.length }).end(SMALL);
    if (path === '/gzip') return void res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(BIG));
    res.writeHead(500, { 'content-type': 'text/plain', 'content-length': BIG.length }).end(BIG);
  });
});
afterEach(() => transports.closeAll());
afterAll(() => server.close());

/** A reader that keeps what it was shown: the fills it was told of, and the bytes it finished on. */
function spyReader() {
  const seen = { fills: [] as number[], followed: 0, finishedOn: undefined as Uint8Array | undefined, readWhole: 0, sawEarly: false };
  const reader: ByteReader<string> = {
    read: (body) => {
      seen.readWhole += 1;
      return `whole ${body.length}`;
    },
    follow: (body): ArrivingRead<string> => {
      seen.followed += 1;
      return {
        arrived: (filled) => {
          seen.fills.push(filled);
          // What has come is in place; what has not reads as zero.
          if (filled < body.length && body[filled] === 0 && body[filled - 1] !== 0) seen.sawEarly = true;
        },
        finish: () => {
          seen.finishedOn = body;
          return `followed ${body.length}`;
        },
      };
    },
  };
  return { reader, seen };
}

describe('reading a large answer while it arrives', () => {
  it.each(['/big', '/big-slow'])('tells the reader after each chunk of %s, in order, and takes its result', async (path) => {
    const { http } = transports.make(promConfig(server.url));
    const { reader, seen } = spyReader();
    const answer = await http.scanned(`${server.url}${path}`, reader, AnyJson);
    expect(answer).toEqual({ scanned: `followed ${BIG.length}` });
    expect(seen.followed).toBe(1);
    expect(seen.readWhole).toBe(0);
    expect(seen.fills.length).toBeGreaterThan(1);
    expect(seen.fills.at(-1)).toBe(BIG.length);
    expect(seen.fills.every((fill, k) => k === 0 || fill > seen.fills[k - 1]!)).toBe(true);
    expect(seen.sawEarly).toBe(true);
    expect(Buffer.from(seen.finishedOn!).equals(BIG)).toBe(true);
  });

  it('reads a small answer, a compressed one and one without a reader to follow it whole', async () => {
    const { http } = transports.make(promConfig(server.url));
    for (const path of ['/small', '/gzip']) {
      const { reader, seen } = spyReader();
      const answer = await http.scanned(`${server.url}${path}`, reader, AnyJson);
      expect(answer).toEqual({ scanned: `whole ${path === '/small' ? SMALL.length : BIG.length}` });
      expect(seen.followed).toBe(0);
      expect(seen.readWhole).toBe(1);
    }
    const wholeOnly: ByteReader<number> = { read: (body) => body.length };
    expect(await http.scanned(`${server.url}/big`, wholeOnly, AnyJson)).toEqual({ scanned: BIG.length });
  });

  it('does not follow a refusal: it is worded from its text as before', async () => {
    const { http } = transports.make(promConfig(server.url));
    const { reader, seen } = spyReader();
    const error = await failureOf(http.scanned(`${server.url}/refused`, reader, AnyJson));
    expect(error.message).toMatch(/answered 500/);
    expect(seen.followed).toBe(0);
    expect(seen.readWhole).toBe(0);
  });

  it('reads the answer whole when the reader fails while following it', async () => {
    const { http } = transports.make(promConfig(server.url));
    let finished = 0;
    const faulty: ByteReader<string> = {
      read: (body) => `whole ${body.length}`,
      follow: () => ({
        arrived: () => {
          throw new Error('a reader fault');
        },
        finish: () => {
          finished += 1;
          return 'followed';
        },
      }),
    };
    expect(await http.scanned(`${server.url}/big`, faulty, AnyJson)).toEqual({ scanned: `whole ${BIG.length}` });
    expect(finished).toBe(0);
  });

  it('lets a followed read go when the transfer breaks off, and never finishes it', async () => {
    const { http } = transports.make(promConfig(server.url, { retries: 0 }));
    const told = { followed: 0, dropped: 0, finished: 0, shared: false };
    const reader: BodyReader<string> = {
      read: () => 'whole',
      follow: (body) => {
        told.followed += 1;
        // Shared memory, so a reader on another thread can follow it (services/traces/columns-thread.ts).
        told.shared = body.buffer instanceof SharedArrayBuffer;
        return {
          arrived: () => undefined,
          finish: () => {
            told.finished += 1;
            return 'followed';
          },
          drop: () => void (told.dropped += 1),
        };
      },
    };
    await failureOf(http.scanned(`${server.url}/big-broken`, reader, AnyJson));
    expect(told).toEqual({ followed: 1, dropped: 1, finished: 0, shared: true });
    // A whole answer is finished, not dropped; a result that comes later (another thread's) is awaited.
    const later: BodyReader<string> = { read: () => 'whole', follow: () => ({ arrived: () => undefined, finish: async () => 'later', drop: () => void (told.dropped += 1) }) };
    expect(await http.scanned(`${server.url}/big`, later, AnyJson)).toEqual({ scanned: 'later' });
    expect(told.dropped).toBe(1);
  });

  it('goes the general way when the reader, having followed, does not take the answer', async () => {
    const { http } = transports.make(promConfig(server.url));
    const declining: ByteReader<string> = { read: () => undefined, follow: () => ({ arrived: () => undefined, finish: () => undefined }) };
    expect(await http.scanned(`${server.url}/big`, declining, AnyJson)).toEqual({ json: [] });
  });
});

describe('watching an answer arrive (how far a trace open is)', () => {
  type Told = [received: number, total: number | undefined, complete: boolean];
  const watcher = () => {
    const told: Told[] = [];
    return { told, watch: (received: number, total: number | undefined, complete: boolean) => void told.push([received, total, complete]) };
  };

  it('tells 0 first, then each chunk of a plain answer against its announced size, and once more when the last byte is in', async () => {
    const { http } = transports.make(promConfig(server.url));
    const { told, watch } = watcher();
    await http.scanned(`${server.url}/big-slow`, spyReader().reader, AnyJson, { watch });
    expect(told[0]).toEqual([0, BIG.length, false]);
    expect(told.length).toBeGreaterThan(3);
    expect(told.slice(0, -1).every(([, total, complete]) => total === BIG.length && !complete)).toBe(true);
    expect(told.every(([received], k) => k === 0 || received >= told[k - 1]![0])).toBe(true);
    expect(told.at(-1)).toEqual([BIG.length, BIG.length, true]);
    expect(told.filter(([, , complete]) => complete)).toHaveLength(1);
  });

  it('gives no total for a compressed answer (its bytes are counted unpacked), and tells nothing of a refusal', async () => {
    const { http } = transports.make(promConfig(server.url));
    const zipped = watcher();
    await http.scanned(`${server.url}/gzip`, spyReader().reader, AnyJson, { watch: zipped.watch });
    expect(zipped.told.every(([, total]) => total === undefined)).toBe(true);
    expect(zipped.told.at(-1)).toEqual([BIG.length, undefined, true]);
    const refused = watcher();
    await failureOf(http.scanned(`${server.url}/refused`, spyReader().reader, AnyJson, { watch: refused.watch }));
    expect(refused.told).toEqual([]);
  });

  it('goes on with the transfer when the watcher throws, and does not tell it again', async () => {
    const { http } = transports.make(promConfig(server.url));
    let calls = 0;
    const answer = await http.scanned(`${server.url}/big-slow`, spyReader().reader, AnyJson, {
      watch: () => {
        calls += 1;
        throw new Error('a watcher fault');
      },
    });
    expect(answer).toEqual({ scanned: `followed ${BIG.length}` });
    expect(calls).toBe(1);
  });
});
