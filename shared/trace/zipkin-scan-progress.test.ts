import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { damagedAnswers } from './damaged-answers';
import { generateTrace } from './generate';
import { type ScannedZipkin, scanZipkinTrace, ZipkinScanProgress } from './zipkin-scan';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * The answer as it arrives over a network: a buffer of its announced length, zero past what
 * has come, filled chunk by chunk (sizes from 1 to `largest` bytes), the scanner told after each.
 */
function scanArriving(body: Uint8Array, seed: number, largest: number): { scanned: ScannedZipkin | undefined; readBeforeLast: number } {
  const random = seededRandom(seed);
  const buffer = new Uint8Array(body.length);
  const progress = new ZipkinScanProgress(buffer);
  let filled = 0;
  let readBeforeLast = 0;
  while (filled < body.length) {
    const end = Math.min(body.length, filled + 1 + Math.floor(random() * largest));
    if (end === body.length) readBeforeLast = progress.records;
    buffer.set(body.subarray(filled, end), filled);
    filled = end;
    progress.arrived(filled);
  }
  return { scanned: progress.finish(), readBeforeLast };
}

const sharedFixtures = new URL('../../../shared/fixtures/zipkin/', import.meta.url);
const repoFixtures = ['skew.json', 'yelp.json', 'messaging.json', 'envoy.json', 'simple-db-p6.json', 'smartthings-excerpt.json'].map((name) => new URL(`../testdata/trace/${name}`, import.meta.url));
const fixtures = (): URL[] => {
  let shared: URL[] = [];
  try {
    shared = readdirSync(sharedFixtures).filter((name) => name.endsWith('.json')).map((name) => new URL(name, sharedFixtures));
  } catch {
    // The handbook's fixtures sit beside the repository, not in a clone of it alone.
  }
  return [...repoFixtures, ...shared];
};

describe('ZipkinScanProgress', () => {
  it.each([
    [300, 1, 7],
    [2_000, 2, 4_096],
    [5_000, 3, 65_536],
  ])('reads a generated trace of %i spans as it arrives (seed %i, chunks up to %i bytes) exactly as the whole answer', (spans, seed, largest) => {
    const body = bytes(JSON.stringify(generateTrace({ spans, seed })));
    const { scanned, readBeforeLast } = scanArriving(body, seed, largest);
    expect(scanned).toStrictEqual(scanZipkinTrace(body));
    expect(scanned!.count).toBe(spans);
    // Read along the way: before the last chunk, most records were read already.
    expect(readBeforeLast).toBeGreaterThan(spans * 0.8);
  });

  it('reads pretty-printed JSON as it arrives, byte by byte', () => {
    const body = bytes(JSON.stringify(generateTrace({ spans: 40, seed: 4 }), null, 2));
    expect(scanArriving(body, 4, 1).scanned).toStrictEqual(scanZipkinTrace(body));
  });

  it('agrees with the whole-answer scan on every recorded trace, in small and large chunks', () => {
    const urls = fixtures();
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of urls) {
      const body = new Uint8Array(readFileSync(url));
      for (const [seed, largest] of [[1, 3], [2, 200], [3, 100_000]] as const) {
        expect(scanArriving(body, seed, largest).scanned, `${url.pathname} in chunks up to ${largest}`).toStrictEqual(scanZipkinTrace(body));
      }
    }
  });

  it('takes or leaves 1,500 damaged answers exactly as the whole-answer scan does', () => {
    const base = JSON.stringify(generateTrace({ spans: 12, seed: 5 }));
    let taken = 0;
    let k = 0;
    for (const mutated of damagedAnswers(base, 1_500, 7)) {
      const body = bytes(mutated);
      const whole = scanZipkinTrace(body);
      if (whole) taken += 1;
      expect(scanArriving(body, k, 1 + (k % 50)).scanned, mutated).toStrictEqual(whole);
      k += 1;
    }
    // Both kinds were met: answers taken and answers left to the general path.
    expect(taken).toBeGreaterThan(100);
    expect(taken).toBeLessThan(1_500);
  });

  it.each([
    ['an empty array split after its bracket', '[          ]'],
    ['nothing but spaces', '                 '],
    ['a record cut short (the answer shorter than announced)', '[{"traceId":"a","id":"1"},{"traceId":"a","id":'],
    ['a zero byte inside the JSON', '[{"traceId":"a","id":"1"}\u0000]'],
    ['a record whose string runs on', `[{"traceId":"a","id":"1","name":"${'x'.repeat(5_000)}"}]`],
  ])('gives what the whole-answer scan gives for %s', (_what, text) => {
    const body = bytes(text);
    for (let seed = 0; seed < 20; seed += 1) expect(scanArriving(body, seed, 1 + seed * 3).scanned).toStrictEqual(scanZipkinTrace(body));
  });

  it('re-reads one long record a bounded number of times, however small the chunks', () => {
    const text = `[{"traceId":"a","id":"1","name":"${'x'.repeat(200_000)}"}]`;
    const body = bytes(text);
    const buffer = new Uint8Array(body.length);
    const progress = new ZipkinScanProgress(buffer);
    let calls = 0;
    for (let filled = 0; filled < body.length; ) {
      const end = Math.min(body.length, filled + 64);
      buffer.set(body.subarray(filled, end), filled);
      filled = end;
      progress.arrived(filled);
      calls += 1;
    }
    expect(calls).toBeGreaterThan(3_000);
    // Each try reads the record from its start: one per chunk would read it 3,000 times (300 MB).
    expect(progress.tries).toBeLessThan(20);
    expect(progress.finish()).toStrictEqual(scanZipkinTrace(body));
  });
});
