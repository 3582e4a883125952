import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Span } from '../model/traces';
import { timeProblems, zipkinRecordProblems } from '../testdata/trace-checks';
import { layoutTrace } from './layout';
import { summarizeTrace } from './summary';
import { TraceFormatError } from './warnings';
import { normalizeZipkin } from './zipkin';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../testdata/trace/${name}`, import.meta.url), 'utf8'));
const byId = (spans: Span[], id: string): Span => {
  const span = spans.find((s) => s.spanId === id);
  if (!span) throw new Error(`no span ${id} in ${spans.map((s) => s.spanId).join(', ')}`);
  return span;
};

const ZIPKIN_FIXTURES = [
  'skew.json',
  'yelp.json',
  'messaging.json',
  'messaging2.json',
  'messaging-kafka.json',
  'envoy.json',
  'ascend.json',
  'simple-db-p6.json',
  'smartthings-excerpt.json',
];

describe('normalizeZipkin, record by record', () => {
  it.each(ZIPKIN_FIXTURES)('keeps every record of %s with its fields, and no time is negative', (name) => {
    const raw = fixture(name) as Parameters<typeof zipkinRecordProblems>[0];
    const trace = normalizeZipkin(raw);
    expect(zipkinRecordProblems(raw, trace)).toEqual([]);
    expect(new Set(trace.spans.map((s) => s.spanId)).size).toBe(trace.spans.length);
  });
});

describe('normalizeZipkin', () => {
  it('splits shared client/server halves listed server-first, and corrects clock skew between hosts (skew.json)', () => {
    const trace = normalizeZipkin(fixture('skew.json'));
    expect(trace.traceId).toBe('1e223ff1f80f1c69');
    expect(trace.spans).toHaveLength(4);
    const client = byId(trace.spans, '74280ae0c10d8062');
    const server = byId(trace.spans, '74280ae0c10d8062:server');
    const async = byId(trace.spans, '43210ae0c10d1234');
    expect(client).toMatchObject({ kind: 'client', service: 'servicea', parentId: 'bf396325699c84bf' });
    expect(server).toMatchObject({ kind: 'server', service: 'serviceb', parentId: '74280ae0c10d8062', reportedId: '74280ae0c10d8062' });
    expect(trace.resources[server.resource]).toEqual({ service: 'serviceb', host: '192.0.0.0', attributes: {} });
    expect(trace.resources[client.resource]).toEqual({ service: 'servicea', host: '127.0.0.0', attributes: {} });
    // serviceb's clock ran ~66 ms behind: its spans are moved inside the client call, the
    // network assumed symmetric: floor((94539 - 93577) / 2) on each side.
    expect(server.start - client.start).toBe(481);
    expect(server.start + server.duration).toBeLessThanOrEqual(client.start + client.duration);
    expect(server.notes).toEqual([
      'clock skew: moved +65.9 ms to sit inside the call from 127.0.0.0 (servicea); the clocks of 192.0.0.0 (serviceb) and 127.0.0.0 (servicea) disagree',
    ]);
    // the async span ran on serviceb's host: it moves by the same amount
    expect(async.parentId).toBe('74280ae0c10d8062:server');
    expect(async.start - server.start).toBe(1470150004008762 - 1470150004008761);
    expect(async.notes).toEqual(['moved +65.9 ms with the clock of 192.0.0.0 (serviceb), corrected on a call above it']);
    expect(trace.warnings.some((w) => w.startsWith('clock skew: serviceb "post" (74280ae0c10d8062) on 192.0.0.0 (serviceb)'))).toBe(true);
    expect(server.rpc).toEqual({ cs: client.start, sr: server.start, ss: server.start + server.duration, cr: client.start + client.duration });
    expect(client.rpc).toEqual(server.rpc);
  });

  it('keeps annotations as events, tags as attributes and names the callee from the remote endpoint (yelp.json)', () => {
    const raw = fixture('yelp.json') as unknown[];
    const trace = normalizeZipkin(raw);
    expect(trace.spans).toHaveLength(raw.length);
    const span = byId(trace.spans, '668ed78ad94b35a1:server');
    expect(span.service).toBe('yelp_main/api_proxy');
    expect(span.events.map((e) => e.name)).toContain('py_zipkin.logging_end');
    const memcache = trace.spans.find((s) => s.operation === 'set mobile_api_nonce')!;
    expect(memcache.attributes['peer.service']).toBe('memcache');
    expect(memcache.rpc).toEqual({ cs: 1571896375302030, cr: 1571896375302030 + 1026 });
    const pair = byId(trace.spans, '7a778764a0d0b594:server');
    expect(pair.rpc).toEqual({ cs: 1571896375310000, sr: 1571896375310740, ss: 1571896375310740 + 1490, cr: 1571896375313000 });
    expect(trace.warnings).toEqual([]);
  });

  it('links a consumer to its producer without a client receive (messaging.json)', () => {
    const trace = normalizeZipkin(fixture('messaging.json'));
    const producer = byId(trace.spans, '05e3ac9a4f6e3b90');
    const consumer = byId(trace.spans, 'e457b5a2e4d86bd1');
    expect(producer.kind).toBe('producer');
    expect(consumer.kind).toBe('consumer');
    expect(consumer.rpc).toEqual({ cs: producer.start, sr: consumer.start, ss: consumer.start + consumer.duration });
    expect(byId(trace.spans, '4ad2db84ac76def7').kind).toBe('internal');
  });

  it('accepts a lone shared server span with no service name, and calls its status unset beside HTTP 200 (envoy.json)', () => {
    const trace = normalizeZipkin(fixture('envoy.json'));
    expect(trace.spans).toHaveLength(1);
    expect(trace.spans[0]).toMatchObject({ spanId: '978883983d506fa5', service: 'unknown', kind: 'server', status: { code: 'unset' } });
    expect(trace.spans[0]!.parentId).toBeUndefined();
    expect(trace.spans[0]!.attributes['http.status_code']).toBe('200');
  });

  it('shows each of several server receipts under one id as its own row, under the client, with the hosts named (smartthings-excerpt.json)', () => {
    const trace = normalizeZipkin(fixture('smartthings-excerpt.json'));
    const receipts = trace.spans.filter((s) => s.reportedId === 'cbab506b53f336fc');
    expect(receipts.map((s) => [s.spanId, trace.resources[s.resource]!.host])).toEqual([
      ['cbab506b53f336fc:server', '10.6.83.20:8197'],
      ['cbab506b53f336fc:server2', '10.6.81.206:8197'],
      ['cbab506b53f336fc:server3', '10.6.88.250:8197'],
      ['cbab506b53f336fc:server4', '10.6.16.173:8197'],
      ['cbab506b53f336fc:server5', '10.6.150.179:8197'],
    ]);
    const hosts = '10.6.83.20:8197 (pusher), 10.6.81.206:8197 (pusher), 10.6.88.250:8197 (pusher), 10.6.16.173:8197 (pusher), 10.6.150.179:8197 (pusher)';
    for (const receipt of receipts) {
      expect(receipt).toMatchObject({ kind: 'server', service: 'pusher', parentId: 'cbab506b53f336fc', unfinished: true, duration: 0 });
      expect(receipt.notes).toContain(`one of 5 server receipts of call cbab506b53f336fc (from ${hosts}); each is shown as its own row`);
      // each host's receipt has its own queue time from the send
      expect(receipt.rpc).toEqual({ cs: 1543549826223236, sr: receipt.start });
    }
    const send = byId(trace.spans, 'cbab506b53f336fc');
    expect(send).toMatchObject({ kind: 'client', service: 'bouncer', unfinished: true, duration: 0 });
    expect(send.notes).toContain(`5 servers reported receiving this call (${hosts}); each is shown as its own row below it`);
    // work done on a host hangs under that host's receipt
    expect(byId(trace.spans, '017bfc73a014d42c').parentId).toBe('cbab506b53f336fc:server');
    expect(byId(trace.spans, 'c1c06fd706fca9cb').parentId).toBe('cbab506b53f336fc:server3');
    expect(byId(trace.spans, 'b6fdd2a6b74e32e5').parentId).toBe('cbab506b53f336fc:server5');
  });

  it('merges a late name-only record into the receipt from the same endpoint, and says so (smartthings-excerpt.json)', () => {
    const trace = normalizeZipkin(fixture('smartthings-excerpt.json'));
    const delete_ = trace.spans.filter((s) => (s.reportedId ?? s.spanId) === '98ffd568af9b79a0');
    expect(delete_.map((s) => [s.spanId, s.service, s.kind])).toEqual([
      ['98ffd568af9b79a0', 'guardian', 'client'],
      ['98ffd568af9b79a0:server', 'platformapi', 'server'],
    ]);
    expect(delete_[1]!.notes).toEqual(['2 records were reported for this span from 10.6.25.44:8140 (platformapi); merged into this one row']);
    expect(delete_[1]).toMatchObject({ operation: 'delete installedapps/_installedappid_/subscriptions', start: 1543549825766014, duration: 123648 });
  });

  it('never stretches the trace with an unfinished client, nor gives it an end from an unrelated annotation (smartthings-excerpt.json)', () => {
    const trace = normalizeZipkin(fixture('smartthings-excerpt.json'));
    const get = byId(trace.spans, '87c35c338e0cbc1b');
    // Its only annotation is brave.flush, 10.4 s later: not its end.
    expect(get).toMatchObject({ kind: 'client', unfinished: true, duration: 0, start: 1543549825773992 });
    expect(get.events).toEqual([{ time: 1543549836181133, name: 'brave.flush', attributes: {} }]);
    expect(get.rpc).toEqual({ cs: 1543549825773992 });
    const layout = layoutTrace(trace);
    // from the first start to the end of process.dove (b6fdd2a6b74e32e5), the last finished span
    expect(layout.start).toBe(1543549825693593);
    expect(layout.duration).toBe(1543549826231537 + 4351650 - 1543549825693593);
    expect(layout.rows.find((r) => layout.spans[r.spanIndex]!.spanId === '87c35c338e0cbc1b')).toMatchObject({ duration: 0, unfinished: true });
    expect(summarizeTrace(trace)).toMatchObject({ spanCount: 40, errorCount: 2, unfinishedCount: 9, duration: layout.duration, rootService: 'execution', rootOperation: 'get' });
    expect(timeProblems(trace)).toEqual([]);
  });

  it('places records with no time at all at their parent, unfinished, with a note', () => {
    const trace = normalizeZipkin([
      { traceId: 'a', id: '1', name: 'root', timestamp: 100, duration: 50, localEndpoint: { serviceName: 'gw' } },
      { traceId: 'a', id: '2', parentId: '1', name: 'late', localEndpoint: { serviceName: 'gw' } },
    ]);
    expect(byId(trace.spans, '2')).toMatchObject({ start: 100, duration: 0, unfinished: true, notes: ['no time was reported for this span; drawn at the start of its parent'] });
    expect(trace.warnings).toEqual(['1 span reported no time and is drawn at the start of its parent']);
    expect(layoutTrace(trace).duration).toBe(50);
  });

  it('derives status from the error tag and the HTTP status, keeping the tag text as the message', () => {
    const trace = normalizeZipkin([
      { traceId: 'a', id: '1', kind: 'SERVER', name: 'get', timestamp: 10, duration: 5, tags: { 'http.status_code': '504' } },
      { traceId: 'a', id: '2', parentId: '1', kind: 'CLIENT', name: 'call', timestamp: 11, duration: 2, tags: { error: 'connection refused', attempt: 2 } },
      { traceId: 'a', id: '3', parentId: '1', name: 'local', timestamp: 11, duration: 1, annotations: [{ timestamp: 11, value: 'error' }] },
      { traceId: 'a', id: '4', parentId: '1', kind: 'SERVER', name: 'not found', timestamp: 12, duration: 1, tags: { 'http.status_code': '404' } },
      { id: 'no-trace-id' },
      'garbage',
    ]);
    expect(trace.spans.map((s) => [s.spanId, s.status])).toEqual([
      ['1', { code: 'error', message: 'HTTP 504' }],
      ['2', { code: 'error', message: 'connection refused' }],
      ['3', { code: 'error' }],
      ['4', { code: 'unset' }],
    ]);
    expect(byId(trace.spans, '2').attributes.attempt).toBe('2');
    expect(trace.warnings[0]).toBe('2 of 6 records are not Zipkin spans and were left out; the first: record 5 (span id no-trace-id): "traceId" is missing; Zipkin v2 spans carry it as a non-empty hex string');
    expect(() => normalizeZipkin({ data: [] })).toThrow(TraceFormatError);
    expect(() => normalizeZipkin([])).toThrow(/no spans/);
  });

  it('names the record, the span and the field of a record of the wrong shape, in one sentence', () => {
    const ok = { traceId: 'a', id: '1', name: 'root', timestamp: 10, duration: 5 };
    const first = (bad: unknown) => normalizeZipkin([ok, bad]).warnings[0];
    expect(first({ ...ok, id: '2', timestamp: '12' })).toBe('1 of 2 records are not Zipkin spans and were left out; the first: record 2 (span id 2): "timestamp" is a string ("12"), not a number (epoch microseconds)');
    expect(first({ ...ok, id: '2', duration: true })).toBe('1 of 2 records are not Zipkin spans and were left out; the first: record 2 (span id 2): "duration" is a boolean (true), not a number (microseconds)');
    expect(first({ ...ok, id: '' })).toBe('1 of 2 records are not Zipkin spans and were left out; the first: record 2: "id" is a string (""), not a non-empty hex string');
    expect(first({ ...ok, id: '3', parentId: 7 })).toBe('1 of 2 records are not Zipkin spans and were left out; the first: record 2 (span id 3): "parentId" is a number (7), not a hex string');
    expect(first(['x'])).toBe('1 of 2 records are not Zipkin spans and were left out; the first: record 2 is an array, not a span object');
    // The span that was fine is still shown.
    expect(normalizeZipkin([ok, { ...ok, id: '2', name: 5 }]).spans.map((s) => s.spanId)).toEqual(['1']);
    expect(() => normalizeZipkin([{ ...ok, kind: 3 }])).toThrow('none of the 1 records is a Zipkin span; the first: record 1 (span id 1): "kind" is a number (3), not a string (CLIENT, SERVER, PRODUCER, CONSUMER)');
  });

  it('takes the trace id in lower case, the 128-bit form over a 64-bit one, and counts records of another trace', () => {
    const span = (traceId: string, id: string) => ({ traceId, id, name: 'op', timestamp: 10, duration: 5 });
    const one = normalizeZipkin([span('ABCDEF0123456789', '1'), span('ABCDEF0123456789', '2')]);
    expect([one.traceId, one.warnings]).toEqual(['abcdef0123456789', []]);
    const mixed = normalizeZipkin([span('ABCDEF0123456789', '1'), span('00000000000000AAabcdef0123456789', '2'), span('1111111111111111', '3')]);
    expect(mixed.traceId).toBe('00000000000000aaabcdef0123456789');
    expect(mixed.warnings).toEqual(['1 spans carry a different trace id than 00000000000000aaabcdef0123456789; shown anyway']);
  });

  it('keeps two different clients reported under one id as two rows, each saying why', () => {
    const trace = normalizeZipkin([
      { traceId: 'a', id: '1', name: 'root', timestamp: 0, duration: 100, localEndpoint: { serviceName: 'gw', ipv4: '10.0.0.1' } },
      { traceId: 'a', id: '2', parentId: '1', kind: 'CLIENT', name: 'try 1', timestamp: 10, duration: 20, localEndpoint: { serviceName: 'gw', ipv4: '10.0.0.1' } },
      { traceId: 'a', id: '2', parentId: '1', kind: 'CLIENT', name: 'try 2', timestamp: 40, duration: 20, localEndpoint: { serviceName: 'gw', ipv4: '10.0.0.2' } },
    ]);
    expect(trace.spans.map((s) => [s.spanId, s.reportedId, s.operation])).toEqual([
      ['1', undefined, 'root'],
      ['2', undefined, 'try 1'],
      ['2:2', '2', 'try 2'],
    ]);
    const note = 'one of 2 different spans reported under id 2 (10.0.0.1 (gw), 10.0.0.2 (gw)); each is shown as its own row';
    expect(byId(trace.spans, '2').notes).toEqual([note]);
    expect(byId(trace.spans, '2:2').notes).toEqual([note]);
  });
});
