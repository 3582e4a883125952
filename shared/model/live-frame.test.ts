import { describe, expect, it } from 'vitest';
import { applyFrame, diffFrames, fromFullFrame, type FullFrame, LiveFrameSchema, toFullFrame } from './live-frame';
import { type QueryResult, sampleAt, seriesFromColumns } from './series';
import { seededRandom as random } from '../random';

const STEP_MS = 15_000;

/** A world of series whose samples are fixed per instant, except where a refresh revises them. */
class World {
  readonly samples = new Map<string, Map<number, number>>();
  constructor(private readonly rnd: () => number) {}

  sample(key: string, t: number): number | undefined {
    let column = this.samples.get(key);
    if (!column) this.samples.set(key, (column = new Map()));
    if (!column.has(t)) column.set(t, this.fresh());
    return column.get(t);
  }

  revise(key: string, t: number): void {
    this.samples.get(key)?.set(t, this.fresh());
  }

  private fresh(): number {
    const r = this.rnd();
    if (r < 0.08) return NaN; // a gap: Prometheus leaves the instant out
    if (r < 0.1) return Infinity;
    if (r < 0.12) return -Infinity;
    return Math.round(this.rnd() * 1000) / 10;
  }
}

/** What a source answers for the window: sparse (gaps left out), infinities as markers. */
function answer(world: World, keys: string[], start: number, count: number, fetchedAt: number): QueryResult {
  const series = keys.map((key) => {
    const times: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const t = start + i * STEP_MS;
      const value = world.sample(key, t);
      if (value === undefined || Number.isNaN(value)) continue;
      times.push(t);
      values.push(value);
    }
    return seriesFromColumns('rate', { instance: key }, times, values);
  });
  return { series: series.filter((s) => s.times.length > 0), fetchedAt, warnings: fetchedAt % 3 === 0 ? ['partial answer'] : [] };
}

/** Each drawable sample of a result, keyed by series and time, for comparing what a panel would draw. */
function drawn(result: QueryResult): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const s of result.series) {
    for (let i = 0; i < s.times.length; i += 1) {
      const value = sampleAt(s, i);
      if (value !== null) out.set(`${JSON.stringify(s.labels)}@${s.times[i]}`, value);
    }
  }
  return out;
}

describe('live frames: deltas applied give exactly the full result', () => {
  it('holds over random sequences of slides, new and removed series, revised tails and gaps', () => {
    let deltas = 0;
    let fulls = 0;
    for (let seed = 1; seed <= 40; seed += 1) {
      const rnd = random(seed);
      const world = new World(rnd);
      let keys = ['a', 'b', 'c'];
      let start = 1_700_000_000_000 - (1_700_000_000_000 % STEP_MS);
      let count = 40;
      let sent: FullFrame | undefined;
      let held: FullFrame | undefined;
      for (let refresh = 1; refresh <= 25; refresh += 1) {
        const r = rnd();
        if (r < 0.5) start += STEP_MS * Math.floor(rnd() * 4); // the window slides 0–3 steps
        else if (r < 0.55) start += STEP_MS * 100; // slid past the whole window
        if (rnd() < 0.15) count += rnd() < 0.5 ? 1 : -1; // alignment adds or loses a point
        if (rnd() < 0.2) keys = [...keys, `n${seed}-${refresh}`];
        if (rnd() < 0.2 && keys.length > 1) keys = keys.filter((_, i) => i !== Math.floor(rnd() * keys.length));
        if (rnd() < 0.1) keys = [...keys].reverse();
        // Prometheus recomputes the newest points: revise a few near the end of the window.
        for (const key of keys) if (rnd() < 0.3) world.revise(key, start + (count - 1 - Math.floor(rnd() * 3)) * STEP_MS);
        const result = answer(world, keys, start, count, refresh);
        const next = toFullFrame(result, start, STEP_MS, count, refresh)!;
        const frame = diffFrames(sent, next);
        if (frame.kind === 'delta') deltas += 1;
        else fulls += 1;
        sent = next;
        const wire = LiveFrameSchema.parse(JSON.parse(JSON.stringify(frame)));
        held = applyFrame(held, wire);
        expect(held, `seed ${seed}, refresh ${refresh}`).toEqual(next);
        expect(drawn(fromFullFrame(held!))).toEqual(drawn(result));
        expect(fromFullFrame(held!).warnings).toEqual(result.warnings);
      }
    }
    // Both kinds are exercised: most refreshes travel as deltas, slides past the window as full frames.
    expect(deltas).toBeGreaterThan(600);
    expect(fulls).toBeGreaterThan(40);
  });

  it('a delta that does not build on what is held is refused, never applied', () => {
    const one = toFullFrame({ series: [seriesFromColumns('up', {}, [0, 1000], [1, 2])], fetchedAt: 1, warnings: [] }, 0, 1000, 2, 1)!;
    const two = toFullFrame({ series: [seriesFromColumns('up', {}, [1000, 2000], [2, 3])], fetchedAt: 2, warnings: [] }, 1000, 1000, 2, 2)!;
    const three = toFullFrame({ series: [seriesFromColumns('up', {}, [2000, 3000], [3, 4])], fetchedAt: 3, warnings: [] }, 2000, 1000, 2, 3)!;
    const delta = diffFrames(two, three);
    expect(delta).toMatchObject({ kind: 'delta', base: 2, drop: 1, series: [{ prev: 0, from: 1, values: [4] }] });
    expect(applyFrame(one, delta)).toBeUndefined();
    expect(applyFrame(undefined, delta)).toBeUndefined();
    expect(applyFrame(two, delta)).toEqual(three);
  });

  it('resends from the first revised sample in the overlap, and sends all when the step changes', () => {
    const at = (values: number[], seq: number, stepMs = 1000) =>
      toFullFrame({ series: [seriesFromColumns('up', {}, values.map((_, i) => i * stepMs), values)], fetchedAt: seq, warnings: [] }, 0, stepMs, values.length, seq)!;
    expect(diffFrames(at([1, 2, 3, 4], 1), at([1, 2, 9, 5], 2))).toMatchObject({ kind: 'delta', series: [{ from: 2, values: [9, 5] }] });
    expect(diffFrames(at([1, 2, 3, 4], 1), at([1, 2, 3, 4], 2, 2000))).toMatchObject({ kind: 'full', stepMs: 2000 });
  });

  it('keeps a source that answers off the step grid whole', () => {
    expect(toFullFrame({ series: [seriesFromColumns('up', {}, [500], [1])], fetchedAt: 1, warnings: [] }, 0, 1000, 2, 1)).toBeUndefined();
  });
});
