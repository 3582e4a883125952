import { describe, expect, it } from 'vitest';
import { decodeBase64 as base64ToBytes, encodeBase64 as bytesToBase64 } from '../text/base64';
import { base64ToFloat64, base64ToInt32, float64ToBase64, int32ToBase64 } from './binary-column';
import { seededRandom } from '../random';

// Node's own base64 is the reference the hand-written codec must agree with, byte for byte.
const nodeBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

describe('binary columns', () => {
  it('writes the same base64 as Node for every length and tail (0, 1, 2 padding characters)', () => {
    const rand = seededRandom(3);
    for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 100, 24_575, 24_576, 24_577, 70_001]) {
      const bytes = new Uint8Array(length);
      for (let i = 0; i < length; i += 1) bytes[i] = Math.floor(rand() * 256);
      const text = bytesToBase64(bytes);
      expect(text, `length ${length}`).toBe(nodeBase64(bytes));
      expect(Array.from(base64ToBytes(text)!), `length ${length}`).toEqual(Array.from(bytes));
    }
  });

  it('gives typed arrays back bit for bit, aligned, from a view into a larger buffer too', () => {
    const ints = Int32Array.from([0, -1, 2_147_483_647, -2_147_483_648, 42]);
    expect(Array.from(base64ToInt32(int32ToBase64(ints.subarray(1)))!)).toEqual([-1, 2_147_483_647, -2_147_483_648, 42]);
    const floats = Float64Array.from([0, -0.5, 1.7e15 + 0.25, Number.NaN, 1e-300]);
    const back = base64ToFloat64(float64ToBase64(floats))!;
    expect(back.byteOffset).toBe(0);
    expect(Array.from(back)).toEqual(Array.from(floats));
  });

  it('refuses text that is not base64 or not whole values', () => {
    expect(base64ToBytes('abc')).toBeUndefined();
    expect(base64ToBytes('ab$=')).toBeUndefined();
    expect(base64ToBytes('abé=')).toBeUndefined();
    expect(base64ToInt32(bytesToBase64(new Uint8Array(6)))).toBeUndefined();
    expect(base64ToFloat64(bytesToBase64(new Uint8Array(12)))).toBeUndefined();
    expect(Array.from(base64ToInt32('')!)).toEqual([]);
  });
});
