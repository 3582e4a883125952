import { describe, expect, it } from 'vitest';
import { int32ToBase64 } from '../model/binary-column';
import { type TraceColumns, TraceColumnsSchema, toTraceColumnsWire } from '../model/trace-columns';
import { type Trace, TraceSchema } from '../model/traces';
import { decodeParents, decodeTraceColumns, encodeTraceColumns } from './columns-codec';
import { encodeHints } from './encode-hints';
import { layoutTrace } from './layout';
import { generateTrace } from './generate';
import { toJaegerTrace, toOtlpTrace } from './generate-formats';
import { normalizeJaeger } from './jaeger';
import { normalizeOtlp } from './otlp';
import { normalizeZipkin } from './zipkin';
import { seededRandom as random } from '../random';

/** Through the wire as the host sends it: encoded, JSON text, parsed, checked, decoded. */
const wire = (columns: TraceColumns): unknown => JSON.parse(JSON.stringify(toTraceColumnsWire(columns)));
const roundTrip = (trace: Trace): Trace => decodeTraceColumns(TraceColumnsSchema.parse(wire(encodeTraceColumns(trace))));

/** A generated Zipkin trace with some records left unfinished, some ids reported twice, and annotations. */
function damagedZipkin(seed: number): unknown[] {
  const rand = random(seed);
  const records = generateTrace({ spans: 1 + Math.floor(rand() * 300), depth: 1 + Math.floor(rand() * 20), seed }) as Record<string, unknown>[];
  const out: unknown[] = [];
  for (const record of records) {
    const r = { ...record };
    if (rand() < 0.1) delete r.duration;
    if (rand() < 0.1) r.annotations = [{ timestamp: Number(r.timestamp) + 1, value: `retry ${Math.floor(rand() * 3)}` }];
    out.push(r);
    if (rand() < 0.05) out.push({ ...r, localEndpoint: { serviceName: 'dup-service', ipv4: '10.9.9.9', port: 1 } });
  }
  return out;
}

describe('trace columns codec', () => {
  it('gives back the normalised trace exactly, over 40 generated traces with unfinished spans and duplicate ids', () => {
    let unfinished = 0;
    let renamed = 0;
    for (let seed = 1; seed <= 40; seed += 1) {
      const trace = normalizeZipkin(damagedZipkin(seed));
      unfinished += trace.spans.filter((s) => s.unfinished).length;
      renamed += trace.spans.filter((s) => s.reportedId !== undefined).length;
      const back = roundTrip(trace);
      expect(back, `seed ${seed}`).toEqual(trace);
      // What comes back is still a valid model trace.
      expect(TraceSchema.parse(back)).toEqual(trace);
    }
    // The property only means something if the damage happened.
    expect(unfinished).toBeGreaterThan(50);
    expect(renamed).toBeGreaterThan(50);
  });

  it('round-trips Jaeger and OTLP traces (fractional microseconds, links, reported statuses)', () => {
    const model = normalizeZipkin(generateTrace({ spans: 500, seed: 3 }));
    for (const trace of [normalizeJaeger(toJaegerTrace(model))[0]!, normalizeOtlp(toOtlpTrace(model))[0]!]) {
      expect(roundTrip(trace)).toEqual(trace);
    }
  });

  it('keeps every field of a hand-made span, and an empty trace', () => {
    const trace: Trace = {
      traceId: 'abc',
      partial: 'Tempo said PARTIAL',
      warnings: ['w'],
      resources: [{ service: 's', host: 'h:1', version: '1', attributes: { a: 'b' } }],
      spans: [
        {
          spanId: 'x:server', reportedId: 'x', parentId: 'missing', service: 's', operation: 'op', kind: 'consumer', resource: 3,
          start: 1_700_000_000_000_000.5, duration: 0, unfinished: true, attributes: { k: 'v', 'k 2': '' },
          events: [{ time: 5, name: 'e', attributes: { q: 'r' } }], status: { code: 'error', message: 'boom', reported: 'ok' },
          links: [{ traceId: 't2', spanId: 's2', type: 'follows_from' }], rpc: { sr: 0, cr: 1_700_000_000_000_009 }, notes: ['moved'],
        },
        { spanId: 'y', service: 's', operation: 'op', kind: 'internal', resource: 0, start: 3, duration: 1, unfinished: false, attributes: {}, events: [], status: { code: 'ok' } },
      ],
    };
    expect(roundTrip(trace)).toEqual(trace);
    const empty: Trace = { traceId: 'e', spans: [], resources: [], warnings: [] };
    expect(roundTrip(empty)).toEqual(empty);
  });

  it('sends the parents layoutTrace would resolve by id: same rows and warnings with duplicates, orphans and a cycle', () => {
    let duplicated = 0;
    let orphaned = 0;
    let cycles = 0;
    for (let seed = 1; seed <= 20; seed += 1) {
      const trace = normalizeZipkin(damagedZipkin(seed));
      // Orphans, an empty parent id and a two-span cycle besides the duplicate ids the damage makes.
      trace.spans[1]!.parentId = 'not-in-this-trace';
      if (trace.spans.length > 4) trace.spans[2]!.parentId = '';
      if (trace.spans.length > 6) {
        trace.spans[5]!.parentId = trace.spans[6]!.spanId;
        trace.spans[6]!.parentId = trace.spans[5]!.spanId;
      }
      // Zipkin's normaliser renames a repeated id; a Jaeger or OTLP trace may still carry one.
      for (const k of [7, 9]) if (trace.spans.length > k) trace.spans[k]!.spanId = trace.spans[3]!.spanId;
      const columns = TraceColumnsSchema.parse(wire(encodeTraceColumns(trace)));
      const decoded = decodeTraceColumns(columns);
      const parents = decodeParents(columns);
      expect(parents, `seed ${seed}`).toBeDefined();
      const known = layoutTrace(decoded, { parents });
      const resolved = layoutTrace(decoded);
      expect(Array.from(known.tree!.parent), `seed ${seed}`).toEqual(Array.from(resolved.tree!.parent));
      expect(known.rows, `seed ${seed}`).toEqual(resolved.rows);
      expect(known.warnings, `seed ${seed}`).toEqual(resolved.warnings);
      if (resolved.warnings.some((w) => w.includes('reuse the id'))) duplicated += 1;
      if (resolved.warnings.some((w) => w.includes('not in this trace'))) orphaned += 1;
      if (resolved.warnings.some((w) => w.includes("each other's ancestors"))) cycles += 1;
    }
    // The property only means something if each case happened.
    expect(duplicated).toBeGreaterThan(10);
    expect(orphaned).toBe(20);
    expect(cycles).toBeGreaterThan(10);
  });

  it('encodes the same with the normaliser\'s hints as without: duplicates, ids with colons, spans renamed after normalising', () => {
    // A copy of the trace object carries no hints (shared/trace/encode-hints.ts): the plain path.
    const plain = (trace: Trace) => encodeTraceColumns({ ...trace });
    const cases: [string, Trace][] = [];
    for (let seed = 1; seed <= 12; seed += 1) cases.push([`seed ${seed}`, normalizeZipkin(damagedZipkin(seed))]);
    const colons = (damagedZipkin(3) as Record<string, unknown>[]).map((r, k) => (k === 4 ? { ...r, id: `${String(r.id)}:server` } : r));
    cases.push(['an id with a colon', normalizeZipkin(colons)]);
    const renamed = normalizeZipkin(damagedZipkin(5));
    renamed.spans[4]!.spanId = renamed.spans[2]!.spanId;
    renamed.spans[6]!.parentId = 'not-in-this-trace';
    cases.push(['renamed after normalising', renamed]);
    let hinted = 0;
    for (const [name, trace] of cases) {
      if (encodeHints(trace)?.distinctIds) hinted += 1;
      const withHints = encodeTraceColumns(trace);
      const without = plain(trace);
      expect(decodeTraceColumns(withHints), name).toEqual(decodeTraceColumns(without));
      expect(Array.from(withHints.parent!), name).toEqual(Array.from(without.parent!));
      expect(withHints.parentWarnings, name).toEqual(without.parentWarnings);
    }
    // Generated ids have no colon: every seeded case had its ids marked distinct, the colon case not.
    expect(hinted).toBe(13);
    expect(encodeHints(cases[12]![1])?.distinctIds).toBeUndefined();
  });

  it('sends the normaliser\'s tree, which lays out exactly as the page\'s own would, skewed traces included', () => {
    let sent = 0;
    const traces: [string, Trace][] = [];
    for (let seed = 1; seed <= 30; seed += 1) traces.push([`seed ${seed}`, normalizeZipkin(damagedZipkin(seed))]);
    // A server whose clock is 5 ms behind its caller's: skew correction moves it and what it did, reordering siblings.
    const at = (ipv4: string) => ({ serviceName: 'lock-service', ipv4, port: 8080 });
    const skewed = normalizeZipkin([
      { traceId: 't', id: 'a', kind: 'SERVER', name: 'unlock', timestamp: 1_000_000, duration: 10_000, localEndpoint: at('10.0.0.2') },
      { traceId: 't', id: 'b', parentId: 'a', kind: 'CLIENT', name: 'relay', timestamp: 1_001_000, duration: 4_000, localEndpoint: at('10.0.0.2') },
      { traceId: 't', id: 'b', parentId: 'a', kind: 'SERVER', name: 'relay', timestamp: 996_400, duration: 3_000, localEndpoint: at('10.0.0.3'), shared: true },
      { traceId: 't', id: 'c', parentId: 'b', name: 'write', timestamp: 996_500, duration: 1_000, localEndpoint: at('10.0.0.3') },
      { traceId: 't', id: 'e', parentId: 'a', name: 'log', timestamp: 1_001_200, duration: 100, localEndpoint: at('10.0.0.2') },
    ]);
    expect(skewed.warnings.some((w) => w.startsWith('clock skew'))).toBe(true);
    traces.push(['skewed', skewed]);
    for (const [name, trace] of traces) {
      const columns = TraceColumnsSchema.parse(wire(encodeTraceColumns(trace)));
      if (columns.childStart) sent += 1;
      const decoded = decodeTraceColumns(columns);
      const known = layoutTrace(decoded, { parents: decodeParents(columns) });
      const own = layoutTrace(decoded);
      expect(known.rows, name).toEqual(own.rows);
      expect(Array.from(known.tree!.children), name).toEqual(Array.from(own.tree!.children));
      expect(known.warnings, name).toEqual(own.warnings);
    }
    expect(sent).toBe(traces.length);
  });

  it('sends no tree for spans whose times or parents changed after normalising', () => {
    const moved = normalizeZipkin(generateTrace({ spans: 50, seed: 8 }));
    // The first of two siblings, moved after the second.
    const { childStart, children } = encodeTraceColumns(moved) as Required<TraceColumns>;
    let first = -1;
    for (let i = 0; i < 50 && first < 0; i += 1) if (childStart[i + 1]! - childStart[i]! >= 2) first = children[childStart[i]!]!;
    moved.spans[first]!.start += 10_000_000;
    expect(encodeTraceColumns(moved).childStart).toBeUndefined();
    const reparented = normalizeZipkin(generateTrace({ spans: 50, seed: 8 }));
    reparented.spans[4]!.parentId = reparented.spans[1]!.spanId;
    expect(encodeTraceColumns(reparented).childStart).toBeUndefined();
    expect(encodeTraceColumns(normalizeZipkin(generateTrace({ spans: 50, seed: 8 }))).childStart).toBeDefined();
  });

  it('refuses a damaged tree in words: a span listed twice, under the wrong parent, in a loop, or a part missing', () => {
    const columns = encodeTraceColumns(normalizeZipkin(generateTrace({ spans: 40, seed: 2 })));
    const { parent, childStart, children } = columns as Required<TraceColumns>;
    const problem = (changes: Partial<TraceColumns>) => {
      const parsed = TraceColumnsSchema.safeParse(wire({ ...columns, ...changes }));
      return parsed.success ? undefined : parsed.error.issues[0]?.message;
    };
    expect(problem({})).toBeUndefined();
    const twice = Int32Array.from(children);
    twice[1] = twice[0]!;
    expect(problem({ children: twice })).toMatch(/lists span \d+ twice or out of range/);
    const swapped = Int32Array.from(parent);
    const child = children[0]!;
    swapped[child] = [...Array(40).keys()].find((j) => j !== child && j !== parent[child])!;
    expect(problem({ parent: swapped })).toMatch(/puts span \d+ under span \d+, which is not its parent|is a root of the span tree but has a parent/);
    expect(problem({ roots: undefined })).toBe('the span tree came without all of its parts (parent, childStart, children, roots)');
    expect(problem({ childStart: childStart.subarray(1) })).toMatch(/"childStart" has 40 values for 40 spans/);
    // Two leaves that are each other's parent, listed under each other and not under a root.
    const [a, b] = [...Array(40).keys()].filter((i) => parent[i] !== -1 && childStart[i + 1] === childStart[i]) as [number, number];
    const loopParent = Int32Array.from(parent);
    loopParent[a] = b;
    loopParent[b] = a;
    const loopStart = new Int32Array(41);
    const lists: number[][] = Array.from({ length: 40 }, () => []);
    for (let i = 0; i < 40; i += 1) if (loopParent[i]! >= 0) lists[loopParent[i]!]!.push(i);
    const loopChildren = Int32Array.from(lists.flat());
    for (let i = 0; i < 40; i += 1) loopStart[i + 1] = loopStart[i]! + lists[i]!.length;
    const loopRoots = Int32Array.from([...Array(40).keys()].filter((i) => loopParent[i] === -1));
    expect(problem({ parent: loopParent, childStart: loopStart, children: loopChildren, roots: loopRoots })).toBe('2 spans of the span tree hang in a loop no root reaches');
  });

  it('lays out without sent parents as before (columns from an older host)', () => {
    const trace = normalizeZipkin(damagedZipkin(4));
    const older = { ...encodeTraceColumns(trace), parent: undefined, parentWarnings: undefined, childStart: undefined, children: undefined, roots: undefined };
    const columns = TraceColumnsSchema.parse(wire(older));
    expect(decodeParents(columns)).toBeUndefined();
    expect(layoutTrace(decodeTraceColumns(columns), { parents: decodeParents(columns) }).rows).toEqual(layoutTrace(trace).rows);
  });

  // Base64 spends 5⅓ characters on every number whatever its size, so the binary form is not
  // the smallest text; it is the cheapest to read (one string per column, no number parsing).
  it('is well under half the object form in bytes', () => {
    const trace = normalizeZipkin(generateTrace({ spans: 5_000, seed: 9 }));
    const columns = JSON.stringify(toTraceColumnsWire(encodeTraceColumns(trace))).length;
    expect(columns).toBeLessThan(JSON.stringify(trace).length / 2);
  });
});

describe('TraceColumnsSchema on a damaged answer', () => {
  const good = () => encodeTraceColumns(normalizeZipkin(generateTrace({ spans: 10, seed: 5 })));
  const checked = (sent: unknown): string => {
    const result = TraceColumnsSchema.safeParse(JSON.parse(JSON.stringify(sent)));
    expect(result.success).toBe(false);
    return result.error!.issues[0]!.message;
  };
  const problem = (mutate: (c: TraceColumns) => void): string => {
    const c = good();
    mutate(c);
    return checked(toTraceColumnsWire(c));
  };
  const strings = good().strings.length;

  it('names the first thing wrong in words', () => {
    expect(problem((c) => (c.start = c.start.subarray(0, 9)))).toBe('column "start" has 9 values for 10 spans — the answer was cut short or damaged');
    expect(problem((c) => (c.service[3] = c.strings.length))).toBe(`span 3's service points past the ${strings} strings sent`);
    expect(problem((c) => (c.parentId[2] = -2))).toMatch(/^span 2's parentId points past/);
    expect(problem((c) => (c.kind[0] = 9))).toBe('span 0 has an unknown kind (9)');
    expect(problem((c) => (c.flags[1] = 1 << 9))).toBe('span 1 has unknown flags (512)');
    expect(problem((c) => (c.attrs = Int32Array.from([...c.attrs, 0, 0])))).toBe('the attribute column has 2 values no span owns');
    expect(problem((c) => (c.rpc = c.rpc.subarray(1)))).toMatch(/^the RPC column has \d+ values for \d+ RPC spans/);
    expect(problem((c) => (c.duration[4] = Number.NaN))).toBe("span 4's duration is not a finite number of microseconds or more");
    expect(problem((c) => (c.start[6] = Number.POSITIVE_INFINITY))).toBe("span 6's start is not a finite number");
    expect(problem((c) => (c.format = 'lockstep.trace-columns.v0' as never))).toMatch(/lockstep\.trace-columns\.v2/);
    expect(problem((c) => (c.parent = c.parent!.subarray(0, 9)))).toBe('column "parent" has 9 values for 10 spans — the answer was cut short or damaged');
    expect(problem((c) => (c.parent![3] = 3))).toBe("span 3's parent (3) is not another span of the 10 sent");
    expect(problem((c) => (c.parent![4] = 10))).toBe("span 4's parent (10) is not another span of the 10 sent");
  });

  it('refuses a number column that is not base64 of whole values', () => {
    const sent = toTraceColumnsWire(good());
    expect(checked({ ...sent, flags: int32ToBase64(good().flags.subarray(0, 9)) })).toBe('column "flags" has 9 values for 10 spans — the answer was cut short or damaged');
    // 6 bytes: not a whole number of 4-byte values.
    expect(checked({ ...sent, kind: 'AAAAAAAA' })).toBe('column "kind" is not base64 of 4-byte numbers — the answer was cut short or damaged');
    expect(checked({ ...sent, start: `${sent.start.slice(0, -4)}!!!!` })).toBe('column "start" is not base64 of 8-byte numbers — the answer was cut short or damaged');
    expect(checked({ ...sent, duration: [1, 2, 3] })).toBe('expected base64 text of 8-byte numbers, or a Float64Array');
  });

  it('takes the columns as typed arrays too (the web host’s binary frames), each of its own type', () => {
    const columns = good();
    const sent = { ...toTraceColumnsWire(columns), start: columns.start, spanId: columns.spanId };
    const parsed = TraceColumnsSchema.parse(sent);
    // A view of the bytes that came, not a copy.
    expect(parsed.start).toBe(columns.start);
    expect(decodeTraceColumns(parsed)).toEqual(decodeTraceColumns(TraceColumnsSchema.parse(toTraceColumnsWire(columns))));
    // As they arrive, not through JSON (which would turn a typed array into an object).
    const refused = (value: unknown) => {
      const result = TraceColumnsSchema.safeParse(value);
      expect(result.success).toBe(false);
      return result.error!.issues[0]!.message;
    };
    expect(refused({ ...sent, start: Int32Array.from([1]) })).toBe('expected base64 text of 8-byte numbers, or a Float64Array');
    expect(refused({ ...sent, spanId: columns.start })).toBe('expected base64 text of 4-byte numbers, or an Int32Array');
    expect(refused({ ...sent, duration: columns.duration.subarray(1) })).toBe('column "duration" has 9 values for 10 spans — the answer was cut short or damaged');
  });
});
