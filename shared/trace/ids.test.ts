import { describe, expect, it } from 'vitest';
import { nanosDiffToMicros, nanosToMicros, normalizeId } from './ids';

describe('nanosecond stamps', () => {
  it('turn into whole microseconds exactly, the fast way agreeing with BigInt arithmetic', () => {
    expect(nanosToMicros('1706678909209712345')).toBe(1706678909209712);
    expect(nanosToMicros(1_000_999)).toBe(1000);
    expect(nanosToMicros('12')).toBe(0);
    expect(nanosToMicros('')).toBeUndefined();
    expect(nanosToMicros('abc')).toBeUndefined();
    expect(nanosDiffToMicros('1000999', '2000000')).toBe(999);
    expect(nanosDiffToMicros('2000000', '1000000')).toBe(0);
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let k = 0; k < 500; k += 1) {
      const start = 1_700_000_000_000_000_000n + BigInt(next()) * 1000n + BigInt(next() % 1000);
      const end = start + BigInt(next()) * 37n + BigInt(next() % 1000);
      expect([nanosToMicros(String(start)), nanosDiffToMicros(String(start), String(end))]).toEqual([Number(start / 1000n), Number((end - start) / 1000n)]);
    }
  });
});

describe('normalizeId', () => {
  it('reads hex as it is (lower-cased) and base64 as bytes', () => {
    expect(normalizeId('EEE19B7EC3C1B174')).toBe('eee19b7ec3c1b174');
    expect(normalizeId('eee19b7ec3c1b174')).toBe('eee19b7ec3c1b174');
    expect(normalizeId('7uGbfsPBsQA=')).toBe('eee19b7ec3c1b100');
    expect(normalizeId('W47/95gDgQPSabYzgT/HAA==')).toBe('5b8efff798038103d269b633813fc700');
    expect(normalizeId('')).toBeUndefined();
  });
});
