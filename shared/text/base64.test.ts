import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64Pure, encodeBase64, encodeBase64Pure } from './base64';

describe('base64', () => {
  it('the native and pure codecs agree with each other and with Node on every length and byte value', () => {
    for (let length = 0; length < 70; length += 1) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 151 + length * 7) & 255);
      const expected = Buffer.from(bytes).toString('base64');
      expect(encodeBase64(bytes)).toBe(expected);
      expect(encodeBase64Pure(bytes)).toBe(expected);
      expect(decodeBase64(expected)).toEqual(bytes);
      expect(decodeBase64Pure(expected)).toEqual(bytes);
    }
  });

  it('refuses text outside the alphabet or of a length that is not a multiple of four, which Node alone would skip', () => {
    for (const bad of ['QUJD!A==', 'QUJ', 'QU JD', 'QUJD\nRA==', '====']) {
      expect(decodeBase64(bad)).toBeUndefined();
      expect(decodeBase64Pure(bad)).toBeUndefined();
    }
  });
});
