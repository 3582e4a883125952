import { describe, expect, it } from 'vitest';
import { placeBar, textWidth, type BarLayout } from './bar-labels';

const CW = 6.5;
const overlaps = (a: { x: number; width: number }, b: { x: number; width: number }) => a.x < b.x + b.width && b.x < a.x + a.width;

/** The promises of the placement, checked on any answer: no number over a hatch or another number, all in the lane. */
function checkInvariants(bar: BarLayout, laneWidth: number) {
  const hatches = bar.parts.filter((p) => p.kind === 'network-out' || p.kind === 'network-back');
  for (const label of bar.labels) {
    expect(label.x).toBeGreaterThanOrEqual(0);
    expect(label.x + label.width).toBeLessThanOrEqual(laneWidth);
    for (const h of hatches) expect(overlaps(label, h), `${label.text} over ${h.kind}`).toBe(false);
  }
  for (let i = 0; i < bar.labels.length; i += 1) for (let j = i + 1; j < bar.labels.length; j += 1) expect(overlaps(bar.labels[i]!, bar.labels[j]!)).toBe(false);
}

describe('placing a bar and its numbers', () => {
  it('keeps a 2.5 ms network hop on a 10 s trace visible and labels it outside its hatches', () => {
    const lane = 800;
    const px = (us: number) => (us / 10_000_000) * lane;
    const bar = placeBar(
      [
        { kind: 'network-out', x0: px(1_000_000), x1: px(1_002_500), label: 'out 2.5 ms' },
        { kind: 'server', x0: px(1_002_500), x1: px(1_814_500), label: 'server 812 ms' },
        { kind: 'network-back', x0: px(1_814_500), x1: px(1_815_600), label: 'back 1.1 ms' },
      ],
      { laneWidth: lane, charWidth: CW, minNetwork: 4, total: '815.6 ms' },
    );
    expect(bar.parts[0]).toEqual({ kind: 'network-out', x: 80, width: 4 });
    expect(bar.parts[1]!.x).toBe(84);
    expect(bar.parts[2]!.width).toBe(4);
    // The server part is 65 px, the text 13 chars (~91 px): it goes after the bar, with "back" and the total.
    expect(bar.labels.map((l) => `${l.of}:${l.inside ? 'in' : 'out'}`)).toEqual(['server:out', 'network-back:out', 'total:out', 'network-out:out']);
    expect(bar.labels.find((l) => l.of === 'network-out')!.x + textWidth('out 2.5 ms', CW)).toBeLessThanOrEqual(80);
    expect(bar.dropped).toEqual([]);
    checkInvariants(bar, lane);
  });

  it('writes a number inside a solid part when it fits there', () => {
    const bar = placeBar([{ kind: 'server', x0: 100, x1: 400, label: 'server 812 ms' }], { laneWidth: 800, charWidth: CW, total: '900 ms' });
    expect(bar.labels[0]).toMatchObject({ of: 'server', inside: true, x: 100 + (300 - textWidth('server 812 ms', CW)) / 2 });
    expect(bar.labels[1]).toMatchObject({ of: 'total', inside: false, x: 404 });
    checkInvariants(bar, 800);
  });

  it('moves numbers before the bar when the bar ends at the lane edge, and drops only what fits nowhere', () => {
    const atEnd = placeBar([{ kind: 'span', x0: 500, x1: 800 }], { laneWidth: 800, charWidth: CW, total: '3.2 s' });
    expect(atEnd.labels).toEqual([{ text: '3.2 s', of: 'total', x: 500 - 4 - textWidth('3.2 s', CW), width: textWidth('3.2 s', CW), inside: false }]);
    // Full-width bar: the total goes inside it.
    const full = placeBar([{ kind: 'span', x0: 0, x1: 800 }], { laneWidth: 800, charWidth: CW, total: '3.2 s' });
    expect(full.labels[0]).toMatchObject({ inside: true });
    // Full width and all network: nothing can go anywhere without covering a hatch.
    const hatched = placeBar(
      [
        { kind: 'network-out', x0: 0, x1: 400, label: 'out 5 s' },
        { kind: 'network-back', x0: 400, x1: 800, label: 'back 5 s' },
      ],
      { laneWidth: 800, charWidth: CW },
    );
    expect(hatched.labels).toEqual([]);
    expect(hatched.dropped.sort()).toEqual(['back 5 s', 'out 5 s']);
  });

  it('slides a bar widened past the lane end back inside it', () => {
    const bar = placeBar(
      [
        { kind: 'server', x0: 799, x1: 799.5 },
        { kind: 'network-back', x0: 799.5, x1: 800 },
      ],
      { laneWidth: 800, minNetwork: 4, minPart: 2 },
    );
    expect(bar.parts).toEqual([
      { kind: 'server', x: 794, width: 2 },
      { kind: 'network-back', x: 796, width: 4 },
    ]);
  });

  it('never puts a number over a hatch or another number, at any zoom (sweep)', () => {
    for (let lane = 300; lane <= 3800; lane += 350) {
      for (let start = 0; start < lane; start += lane / 7) {
        for (const server of [0, 1, 30, 200, 2000]) {
          const bar = placeBar(
            [
              { kind: 'network-out', x0: start, x1: start + 0.3, label: 'out 2.5 ms' },
              { kind: 'server', x0: start + 0.3, x1: Math.min(lane, start + 0.3 + server), label: 'server 812 ms' },
              { kind: 'network-back', x0: Math.min(lane, start + 0.3 + server), x1: Math.min(lane, start + 0.5 + server), label: 'back 1.1 ms' },
            ],
            { laneWidth: lane, charWidth: CW, total: '815.6 ms' },
          );
          checkInvariants(bar, lane);
          expect(bar.labels.length + bar.dropped.length).toBe(4);
        }
      }
    }
  });
});

describe('a bar as wide as the lane', () => {
  it('puts the network numbers inside the server part beside their hatches, and the server number between them', () => {
    // The demo's 10 s ride: 55.8 ms out, 10.04 s server, 31.6 ms back, on a 666 px lane.
    const lane = 666;
    const bar = placeBar(
      [
        { kind: 'network-out', x0: 2, x1: 5.7, label: 'out 55.8 ms' },
        { kind: 'server', x0: 5.7, x1: 663.9, label: 'server 10.04 s' },
        { kind: 'network-back', x0: 663.9, x1: 666, label: 'back 31.6 ms' },
      ],
      { laneWidth: lane, charWidth: CW, total: '10.13 s' },
    );
    const byPart = Object.fromEntries(bar.labels.map((l) => [l.of, l]));
    expect(byPart['network-out']).toMatchObject({ inside: true, x: bar.parts[1]!.x + 3 });
    expect(byPart['network-back']!.x + byPart['network-back']!.width).toBe(bar.parts[1]!.x + bar.parts[1]!.width - 3);
    expect(byPart.server).toMatchObject({ inside: true });
    // The total collides with the server number in the middle: only the detail shows it.
    expect(bar.dropped).toEqual(['10.13 s']);
    checkInvariants(bar, lane);
  });
});
