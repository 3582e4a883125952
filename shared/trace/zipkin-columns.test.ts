import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeTraceColumns } from './columns-codec';
import { damagedAnswers } from './damaged-answers';
import { generateTrace } from './generate';
import { normalizeZipkinBytes } from './zipkin-bytes';
import { zipkinColumnsFromScan } from './zipkin-columns';
import { scanZipkinTrace } from './zipkin-scan';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
type ZipkinRecord = Record<string, unknown>;
const generated = (spans: number, seed: number, depth?: number): ZipkinRecord[] => generateTrace({ spans, seed, ...(depth !== undefined ? { depth } : {}) }) as ZipkinRecord[];

/**
 * The one rule: the columns path either declines, or gives exactly the columns of the Span
 * path (normalizeZipkinBytes, then the encoder). Returns whether it took the answer.
 */
function agrees(text: string): boolean {
  const body = bytes(text);
  const scanned = scanZipkinTrace(body);
  const trace = normalizeZipkinBytes(body);
  if (!scanned) {
    expect(trace).toBeUndefined();
    return false;
  }
  const fast = zipkinColumnsFromScan(scanned);
  if (trace === undefined) {
    // Whatever the Span path leaves to the general one, so does this.
    expect(fast).toBeUndefined();
    return false;
  }
  if (fast === undefined) return false;
  expect(fast).toStrictEqual(encodeTraceColumns(trace));
  return true;
}

const takes = (records: unknown[]): boolean => agrees(JSON.stringify(records));

/** A server half (a record with `shared: true`) and its client, the first pair of a generated trace. */
function firstCall(records: ZipkinRecord[]): { client: ZipkinRecord; server: ZipkinRecord } {
  const server = records.find((r) => r.shared === true)!;
  const client = records.find((r) => r.id === server.id && r.kind === 'CLIENT')!;
  return { client, server };
}

const TESTDATA = ['skew.json', 'yelp.json', 'messaging.json', 'messaging2.json', 'messaging-kafka.json', 'envoy.json', 'ascend.json', 'simple-db-p6.json', 'smartthings-excerpt.json'];
const testdata = (name: string): string => readFileSync(new URL(`../testdata/trace/${name}`, import.meta.url), 'utf8');
const SHARED_FIXTURES = new URL('../../../shared/fixtures/zipkin/', import.meta.url);
const sharedFixtures = ((): string[] => {
  try {
    return readdirSync(SHARED_FIXTURES).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
})();

describe('zipkinColumnsFromScan', () => {
  it.each([
    [1, 1, undefined],
    [2, 2, undefined],
    [50, 3, undefined],
    [50, 4, 2],
    [1_000, 5, undefined],
    [1_000, 6, 400],
    [1_000, 7, 2],
    [20_000, 8, undefined],
  ])('takes a generated trace of %i spans (seed %i, depth %s) and writes the Span path\'s columns', (spans, seed, depth) => {
    expect(takes(generated(spans, seed, depth))).toBe(true);
  });

  it('takes the common case: a generated 20,000-span trace does not decline', () => {
    const body = bytes(JSON.stringify(generated(20_000, 11)));
    expect(zipkinColumnsFromScan(scanZipkinTrace(body)!)).toBeDefined();
  });

  it('takes errors, failing HTTP codes, error annotations, unfinished spans, versions and unanswered calls', () => {
    const records = generated(400, 12);
    records[3] = { ...records[3], tags: { ...(records[3]!.tags as object), error: 'boom' } };
    records[5] = { ...records[5], tags: { ...(records[5]!.tags as object), error: 'true', 'http.status_code': '503' } };
    records[7] = { ...records[7], annotations: [{ timestamp: (records[7]!.timestamp as number) + 2, value: 'error' }, { timestamp: (records[7]!.timestamp as number) + 1, value: 'retry' }] };
    records[9] = { ...records[9], tags: { ...(records[9]!.tags as object), 'service.version': '1.2.3' } };
    const leaf = records.findIndex((r) => r.kind === undefined && records.every((o) => o.parentId !== r.id));
    records[leaf] = { ...records[leaf], duration: undefined };
    records.push({ traceId: records[0]!.traceId, id: 'ffffffffffff0001', parentId: records[0]!.id, kind: 'CLIENT', name: 'get /nobody', timestamp: (records[0]!.timestamp as number) + 5, duration: 3, localEndpoint: records[0]!.localEndpoint, remoteEndpoint: { serviceName: 'nowhere' } });
    records.push({ traceId: records[0]!.traceId, id: 'ffffffffffff0002', parentId: 'ffffffffffffffff', name: 'orphan', timestamp: (records[0]!.timestamp as number) + 7, localEndpoint: records[0]!.localEndpoint });
    expect(takes(records)).toBe(true);
  });

  it('takes parents that loop, without sending the tree (the encoder does not either)', () => {
    const records = generated(50, 13);
    const at = records[0]!.timestamp as number;
    const local = { traceId: records[0]!.traceId, name: 'loop', duration: 4, localEndpoint: records[0]!.localEndpoint };
    records.push({ ...local, id: 'ffffffffffff000a', parentId: 'ffffffffffff000b', timestamp: at + 3 }, { ...local, id: 'ffffffffffff000b', parentId: 'ffffffffffff000a', timestamp: at + 1 });
    expect(takes(records)).toBe(true);
    const c = zipkinColumnsFromScan(scanZipkinTrace(bytes(JSON.stringify(records)))!)!;
    expect(c.children).toBeUndefined();
  });

  it('declines a record without a timestamp (placeTimeless would place it)', () => {
    const records = generated(50, 14);
    records[10] = { ...records[10], timestamp: undefined };
    const body = bytes(JSON.stringify(records));
    expect(normalizeZipkinBytes(body)).toBeDefined();
    expect(zipkinColumnsFromScan(scanZipkinTrace(body)!)).toBeUndefined();
  });

  it('declines clock skew between two hosts (correctClockSkew would move the server)', () => {
    const records = generated(50, 15);
    const { client, server } = firstCall(records);
    server.timestamp = (client.timestamp as number) - 5_000;
    const body = bytes(JSON.stringify(records));
    expect(normalizeZipkinBytes(body)!.warnings.some((w) => w.startsWith('clock skew'))).toBe(true);
    expect(zipkinColumnsFromScan(scanZipkinTrace(body)!)).toBeUndefined();
  });

  it('declines a call whose moments contradict each other (linkRpcTimes would note it)', () => {
    // One host, so no skew correction: the server starts before it was called.
    const records = generated(50, 16);
    const { client, server } = firstCall(records);
    server.localEndpoint = client.localEndpoint;
    server.timestamp = (client.timestamp as number) - 5;
    const body = bytes(JSON.stringify(records));
    expect(normalizeZipkinBytes(body)!.spans.some((s) => s.notes?.some((n) => n.startsWith('clocks disagree')))).toBe(true);
    expect(zipkinColumnsFromScan(scanZipkinTrace(body)!)).toBeUndefined();
  });

  it('declines what the Span path declines (an upper-case id)', () => {
    const records = generated(10, 17);
    records[3] = { ...records[3], id: 'ABCDEF' };
    const scanned = scanZipkinTrace(bytes(JSON.stringify(records)));
    expect(scanned).toBeDefined();
    expect(zipkinColumnsFromScan(scanned!)).toBeUndefined();
  });

  it.each(TESTDATA)('agrees with the Span path on the recorded trace %s (or leaves it to it)', (name) => {
    agrees(testdata(name));
  });

  it('takes most of the recorded traces (skew.json is skewed, so it goes the Span way)', () => {
    const taken = TESTDATA.filter((name) => agrees(testdata(name)));
    expect(taken.length).toBeGreaterThanOrEqual(6);
    expect(taken).not.toContain('skew.json');
  });

  it('agrees with the Span path on the shared Zipkin fixtures', () => {
    for (const name of sharedFixtures) agrees(readFileSync(new URL(name, SHARED_FIXTURES), 'utf8'));
  });

  it('never disagrees with the Span path on randomly edited traces (1,000 edits of a small trace)', () => {
    const base = JSON.stringify(generated(12, 5));
    let taken = 0;
    for (const mutated of damagedAnswers(base, 1_000, 43)) {
      if (agrees(mutated)) taken += 1;
    }
    expect(taken).toBeGreaterThan(50);
  });
});
