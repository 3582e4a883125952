import { describe, expect, it } from 'vitest';
import { timeProblems, zipkinRecordProblems } from '../testdata/trace-checks';
import { generateTrace } from './generate';
import { layoutTrace } from './layout';
import { normalizeZipkin } from './zipkin';
import { seededRandom as random } from '../random';

interface Record_ {
  id: string;
  parentId?: string;
  kind?: string;
  timestamp?: number;
  duration?: number;
  shared?: boolean;
  localEndpoint: { serviceName: string; ipv4: string; port: number };
  annotations?: { timestamp: number; value: string }[];
}

interface Damage {
  /** Largest clock offset of a host, µs (the root's host keeps the true time). */
  skewUs: number;
  /** Share of records whose duration is lost (unfinished). */
  dropDuration: number;
  /** Share of records that lost their timestamp as well. */
  dropTime: number;
  /** Share of client halves never reported. */
  dropClient: number;
}

/** A generated trace as several hosts with wrong clocks and lossy instrumentation would report it. */
function damaged(seed: number, spans: number, damage: Damage): { truth: Record_[]; records: Record_[] } {
  const truth = generateTrace({ spans, seed, depth: 8 }) as Record_[];
  const rnd = random(seed * 7919 + 1);
  const rootHost = truth[0]!.localEndpoint.ipv4;
  const offsets = new Map<string, number>();
  const offsetOf = (host: string) => {
    if (host === rootHost) return 0;
    let offset = offsets.get(host);
    if (offset === undefined) {
      offset = Math.round((rnd() * 2 - 1) * damage.skewUs);
      offsets.set(host, offset);
    }
    return offset;
  };
  const records: Record_[] = [];
  for (const r of truth) {
    if (r.kind === 'CLIENT' && rnd() < damage.dropClient) continue;
    const offset = offsetOf(r.localEndpoint.ipv4);
    const copy: Record_ = { ...r, timestamp: r.timestamp! + offset };
    if (r.annotations) copy.annotations = r.annotations.map((a) => ({ ...a, timestamp: a.timestamp + offset }));
    if (r.id !== truth[0]!.id && rnd() < damage.dropDuration) {
      delete copy.duration;
      if (rnd() < damage.dropTime / Math.max(damage.dropDuration, 1e-9)) delete copy.timestamp;
    }
    records.push(copy);
  }
  return { truth, records };
}

const RUNS = 150;

describe('no generated trace yields a negative time or a stretched total', () => {
  it('with random clock skew between hosts, lost durations, lost timestamps and lost client halves', () => {
    for (let seed = 1; seed <= RUNS; seed += 1) {
      const { records } = damaged(seed, 60 + (seed % 90), { skewUs: 80_000, dropDuration: 0.15, dropTime: 0.03, dropClient: 0.05 });
      const trace = normalizeZipkin(records);
      const problems = [...timeProblems(trace), ...zipkinRecordProblems(records, trace)];
      expect({ seed, problems }).toEqual({ seed, problems: [] });
    }
  });

  it('with skew alone, every span lands inside the true extent of the trace', () => {
    for (let seed = 1; seed <= RUNS; seed += 1) {
      const { truth, records } = damaged(seed, 60 + (seed % 90), { skewUs: 80_000, dropDuration: 0, dropTime: 0, dropClient: 0 });
      const layout = layoutTrace(normalizeZipkin(records));
      const root = truth[0]!;
      expect({ seed, start: layout.start, duration: layout.duration }).toEqual({ seed, start: root.timestamp, duration: root.duration });
    }
  });

  it('with lost durations alone, the total is never longer than the true one', () => {
    for (let seed = 1; seed <= RUNS; seed += 1) {
      const { truth, records } = damaged(seed, 60 + (seed % 90), { skewUs: 0, dropDuration: 0.3, dropTime: 0, dropClient: 0 });
      const layout = layoutTrace(normalizeZipkin(records));
      expect({ seed, within: layout.duration <= truth[0]!.duration! }).toEqual({ seed, within: true });
    }
  });

  it('the checks themselves notice a lost record and a negative part', () => {
    const { records } = damaged(3, 40, { skewUs: 0, dropDuration: 0, dropTime: 0, dropClient: 0 });
    const trace = normalizeZipkin(records);
    expect(zipkinRecordProblems(records, { ...trace, spans: trace.spans.slice(1) })[0]).toMatch(/^\d+ records but the rows account for \d+$/);
    const broken = { ...trace, spans: trace.spans.map((s, k) => (k === 1 ? { ...s, rpc: { cs: 10, sr: 5 } } : s)) };
    expect(timeProblems(broken).some((p) => p.endsWith('networkOut clamped without a note'))).toBe(true);
  });
});
