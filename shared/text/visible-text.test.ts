import { describe, expect, it } from 'vitest';
import { bidiPieces, hasBidiControls, visibleText } from './visible-text';

const ALL_CONTROLS = ['\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];

describe('visibleText', () => {
  it('shows a right-to-left override as a marker in stored order, so the spoof reads as written', () => {
    expect(visibleText('pay\u202Etxt.exe')).toBe('pay⟨U+202E⟩txt.exe');
  });

  it('leaves no bidi control behind, whichever of the twelve it was', () => {
    for (const control of ALL_CONTROLS) {
      const shown = visibleText(`a${control}b`);
      expect(hasBidiControls(shown)).toBe(false);
      expect(shown).toMatch(/^a⟨U\+[0-9A-F]{4}⟩b$/);
    }
    expect(visibleText('\u061C')).toBe('⟨U+061C⟩');
    expect(visibleText('\u2066x\u2069')).toBe('⟨U+2066⟩x⟨U+2069⟩');
  });

  it('keeps ordinary text, right-to-left scripts and joiners as they are', () => {
    for (const text of ['lock-service', 'שירות נעילה', 'خدمة القفل', 'café 👩‍💻', '']) expect(visibleText(text)).toBe(text);
  });
});

describe('bidiPieces', () => {
  it('splits text into runs and named controls, in stored order', () => {
    expect(bidiPieces('pay\u202Etxt.exe')).toEqual(['pay', { codePoint: 'U+202E', name: 'RIGHT-TO-LEFT OVERRIDE' }, 'txt.exe']);
    expect(bidiPieces('\u2067\u200F')).toEqual([
      { codePoint: 'U+2067', name: 'RIGHT-TO-LEFT ISOLATE' },
      { codePoint: 'U+200F', name: 'RIGHT-TO-LEFT MARK' },
    ]);
  });

  it('gives plain text back as one run and empty text as nothing', () => {
    expect(bidiPieces('ride-service')).toEqual(['ride-service']);
    expect(bidiPieces('')).toEqual([]);
  });

  it('names every control it finds', () => {
    for (const control of ALL_CONTROLS) {
      const [piece] = bidiPieces(control);
      expect(typeof piece === 'object' && piece.name).toMatch(/^[A-Z -]+$/);
      expect(typeof piece === 'object' && piece.name).not.toBe('DIRECTIONAL FORMATTING CHARACTER');
    }
  });
});
