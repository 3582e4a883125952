import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../model/traces';
import { encodeTraceColumns } from './columns-codec';
import { damagedAnswers } from './damaged-answers';
import { generateTrace } from './generate';
import { normalizeZipkin } from './zipkin';
import { normalizeZipkinBytes } from './zipkin-bytes';

const ZIPKIN_FIXTURES = ['skew.json', 'yelp.json', 'messaging.json', 'messaging2.json', 'messaging-kafka.json', 'envoy.json', 'ascend.json', 'simple-db-p6.json', 'smartthings-excerpt.json'];
const fixtureText = (name: string): string => readFileSync(new URL(`../testdata/trace/${name}`, import.meta.url), 'utf8');
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The general path: what the answer gives through JSON.parse and normalizeZipkin, or the error it throws. */
function general(text: string): Trace | Error {
  try {
    return normalizeZipkin(JSON.parse(text));
  } catch (error) {
    return error as Error;
  }
}

/**
 * The one rule: the fast path either declines, or gives exactly the trace the general path
 * gives — every span field, the tree the encoder sends, resources and warnings. Returns
 * whether it took the answer.
 */
function agrees(text: string): boolean {
  const fast = normalizeZipkinBytes(bytes(text));
  if (fast === undefined) return false;
  const slow = general(text);
  expect(slow).not.toBeInstanceOf(Error);
  expect(fast).toStrictEqual(slow);
  expect(encodeTraceColumns(fast)).toStrictEqual(encodeTraceColumns(slow as Trace));
  return true;
}

const record = (fields: Record<string, unknown>): Record<string, unknown> => ({ traceId: 'abc', id: '1', name: 'get', timestamp: 1_700_000_000_000_000, duration: 10, localEndpoint: { serviceName: 'a', ipv4: '10.0.0.1', port: 80 }, ...fields });
const text = (records: unknown[]): string => JSON.stringify(records);

describe('normalizeZipkinBytes', () => {
  it.each([
    [100, 1, 12],
    [1_000, 2, 12],
    [5_000, 3, 12],
    [2_000, 4, 40],
  ])('takes a generated trace of %i spans (seed %i, depth %i) and makes the same trace as the general path', (spans, seed, depth) => {
    const body = JSON.stringify(generateTrace({ spans, seed, depth }));
    expect(agrees(body)).toBe(true);
  });

  it('takes pretty-printed JSON as well as compact', () => {
    expect(agrees(JSON.stringify(generateTrace({ spans: 300, seed: 9 }), null, 2))).toBe(true);
  });

  it.each(ZIPKIN_FIXTURES)('agrees with the general path on the recorded trace %s (or leaves it to it)', (name) => {
    const body = fixtureText(name);
    agrees(body);
    // Whatever it declined, the pretty and the compact forms get the same treatment.
    const compact = JSON.stringify(JSON.parse(body));
    expect(normalizeZipkinBytes(bytes(compact)) === undefined).toBe(normalizeZipkinBytes(bytes(body)) === undefined);
  });

  it('takes most of the recorded traces (the common shape is the one it is for)', () => {
    const taken = ZIPKIN_FIXTURES.filter((name) => normalizeZipkinBytes(bytes(fixtureText(name))) !== undefined);
    expect(taken.length).toBeGreaterThanOrEqual(4);
  });

  it('reads escapes, UTF-8, numbers in every JSON form, repeated keys and unknown fields as JSON.parse does', () => {
    const body = text([
      record({ id: '1', name: 'caf\u00e9 \u2603 "quoted" \\ back\nslash', tags: { 'k\u00e9y': 'v\u00e1l', esc: 'a\tb', 'http.status_code': '504' }, debug: true, extra: { deep: [1, 2.5, -3e2, null, false, 'x'] } }),
      record({ id: '2', parentId: '1', timestamp: 1.7e15, duration: 12.5, name: 'first', kind: 'CLIENT' }),
      record({ id: '3', parentId: '2', timestamp: 1_700_000_000_000_003, duration: 0, annotations: [{ timestamp: 1_700_000_000_000_004, value: 'cs' }, { timestamp: 1_700_000_000_000_003, value: 'ws' }] }),
      record({ id: '4', parentId: 'ffff', duration: undefined, localEndpoint: { serviceName: 'b', ipv6: '::1' }, remoteEndpoint: { serviceName: 'c' } }),
    ]);
    // A repeated key: the last one counts.
    const repeated = body.replace('"name":"first"', '"name":"first","name":"second"').replace('"duration":12.5', '"duration":-0');
    expect(agrees(repeated)).toBe(true);
    expect(normalizeZipkinBytes(bytes(repeated))!.spans.find((s) => s.spanId === '2')!.operation).toBe('second');
  });

  it('reads repeated endpoints and values by their bytes: a brace inside a name, a value that begins like the last one', () => {
    const braced = { serviceName: 'a}b', port: 80 };
    const body = text([
      record({ id: '1', name: 'get', localEndpoint: braced }),
      record({ id: '2', parentId: '1', name: 'ge', localEndpoint: braced }),
      record({ id: '3', parentId: '2', name: 'get2', localEndpoint: { serviceName: 'a' }, remoteEndpoint: braced }),
      record({ id: '4', parentId: '3', name: 'get"', localEndpoint: { serviceName: 'a' }, remoteEndpoint: { serviceName: 'a' }, tags: { k: 'v}' } }),
      record({ id: '5', parentId: '4', name: 'get', localEndpoint: { serviceName: 'a', port: 80 } }),
    ]);
    expect(agrees(body)).toBe(true);
    const spans = normalizeZipkinBytes(bytes(body))!.spans;
    expect(spans.map((s) => [s.operation, s.service])).toEqual([
      ['get', 'a}b'],
      ['ge', 'a}b'],
      ['get2', 'a'],
      ['get"', 'a'],
      ['get', 'a'],
    ]);
  });

  it('takes a client and its server under one id, and a lone shared server, in either order', () => {
    const client = record({ id: 'aa', parentId: 'root', kind: 'CLIENT', remoteEndpoint: { serviceName: 'b' } });
    // A server half naming its caller: only a call nobody answered takes the callee's name from its remote endpoint.
    const server = record({ id: 'aa', parentId: 'root', kind: 'SERVER', shared: true, localEndpoint: { serviceName: 'b', ipv4: '10.0.0.2', port: 80 }, remoteEndpoint: { serviceName: 'a' } });
    const child = record({ id: 'bb', parentId: 'aa', localEndpoint: { serviceName: 'b', ipv4: '10.0.0.2', port: 80 } });
    const callerChild = record({ id: 'cc', parentId: 'aa', localEndpoint: { serviceName: 'a', ipv4: '10.0.0.1', port: 80 } });
    const elsewhere = record({ id: 'dd', parentId: 'aa', localEndpoint: { serviceName: 'z' } });
    const lone = record({ id: 'ee', parentId: 'dd', kind: 'SERVER', shared: true });
    const root = record({ id: 'root', kind: 'SERVER' });
    const ownParent = record({ id: 'ff', parentId: 'ff', remoteEndpoint: { serviceName: 'q' } });
    // A call within one service, host to host: a child that names no host goes under the server half.
    const innerClient = record({ id: 'hh', parentId: 'bb', kind: 'CLIENT', localEndpoint: { serviceName: 'b', ipv4: '10.0.0.2', port: 80 } });
    const innerServer = record({ id: 'hh', parentId: 'bb', kind: 'SERVER', localEndpoint: { serviceName: 'b', ipv4: '10.0.0.3', port: 80 } });
    const noHost = record({ id: 'ii', parentId: 'hh', localEndpoint: { serviceName: 'b' } });
    // The host decides before the service: the caller's host, under the callee's name.
    const callerHost = record({ id: 'jj', parentId: 'aa', localEndpoint: { serviceName: 'b', ipv4: '10.0.0.1', port: 80 } });
    for (const list of [
      [root, client, server, child, callerChild, elsewhere, lone, ownParent, innerClient, innerServer, noHost, callerHost],
      [noHost, callerHost, server, child, elsewhere, ownParent, innerServer, client, lone, root, callerChild, innerClient],
    ]) {
      expect(agrees(text(list))).toBe(true);
    }
    const trace = normalizeZipkinBytes(bytes(text([root, client, server, child, callerChild])))!;
    expect(trace.spans.map((s) => `${s.spanId}<${s.parentId ?? ''}`)).toEqual(['root<', 'aa<root', 'aa:server<aa', 'bb<aa:server', 'cc<aa']);
  });

  it.each([
    ['not an array', '{"traceId":"abc"}'],
    ['an empty array', '[]'],
    ['trailing text', `${text([record({})])} x`],
    ['a trailing comma', text([record({})]).replace(/}]$/, '},]')],
    ['a null field', text([record({ parentId: null })])],
    ['a number as a string', text([record({ timestamp: '1700000000000000' })])],
    ['a number out of range', text([record({})]).replace('"duration":10', '"duration":1e400')],
    ['a leading zero', text([record({})]).replace('"duration":10', '"duration":010')],
    ['a tag that is not a string', text([record({ tags: { retries: 3 } })])],
    ['a "__proto__" tag', text([record({})]).replace('"name":"get"', '"name":"get","tags":{"__proto__":"x"}')],
    ['an upper-case id', text([record({ id: 'AB' })])],
    ['an id with a colon', text([record({ id: 'a:b' })])],
    ['a missing id', text([record({ id: undefined })])],
    ['two trace ids', text([record({ id: '1' }), record({ id: '2', traceId: 'def' })])],
    ['three records under one id', text([record({ kind: 'CLIENT' }), record({ kind: 'SERVER' }), record({ kind: 'SERVER', localEndpoint: { serviceName: 'c', ipv4: '10.0.0.9' } })])],
    ['two parts of one span', text([record({}), record({ tags: { late: 'tag' } })])],
    ['an endpoint field the schema does not know', text([record({ localEndpoint: { serviceName: 'a', zone: 'x' } })])],
    ['bytes that are not UTF-8', '[{"traceId":"abc","id":"1","name":"\xff"}]'],
  ])('leaves %s to the general path', (_what, body) => {
    const encoded = body.includes('\xff') ? Uint8Array.from(body, (c) => c.charCodeAt(0)) : bytes(body);
    expect(normalizeZipkinBytes(encoded)).toBeUndefined();
  });

  it('never disagrees with the general path on damaged answers (2,000 random edits of a small trace)', () => {
    const base = JSON.stringify(generateTrace({ spans: 12, seed: 5 }));
    let taken = 0;
    for (const mutated of damagedAnswers(base, 2_000, 42)) {
      const fast = normalizeZipkinBytes(bytes(mutated));
      if (fast === undefined) continue;
      taken += 1;
      const slow = general(mutated);
      if (slow instanceof Error) throw new Error(`took an answer the general path refuses (${slow.message}): ${mutated}`);
      expect(fast).toStrictEqual(slow);
    }
    // Many edits land inside a string or number and leave valid JSON: those must be taken too.
    expect(taken).toBeGreaterThan(100);
  });
});
