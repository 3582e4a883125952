/**
 * Bidirectional-text controls reorder what the reader sees without changing what is
 * stored: `pay\u202Etxt.exe` is displayed as `payexe.txt`, and a label can make the
 * text after it read backwards (the "Trojan Source" trick). Text from outside — alert
 * labels, span names, log lines, file names — is therefore shown with these controls
 * made visible, never applied.
 *
 * The set is exactly Unicode's explicit directional formatting characters and marks
 * (UAX #9): embeddings, overrides, isolates and the three directional marks.
 */
const BIDI_CONTROL_NAMES: Readonly<Record<number, string>> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};

const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const HAS_BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** One control character as the reader is shown it. */
export interface BidiControl {
  /** `U+202E`: what is displayed in place of the character. */
  readonly codePoint: string;
  /** Unicode's name for it, for a tooltip or screen reader. */
  readonly name: string;
}

/** Plain text, or a control that must be shown instead of applied. */
export type TextPiece = string | BidiControl;

export function hasBidiControls(text: string): boolean {
  return HAS_BIDI_CONTROL.test(text);
}

function controlOf(char: string): BidiControl {
  const code = char.charCodeAt(0);
  return { codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`, name: BIDI_CONTROL_NAMES[code] ?? 'DIRECTIONAL FORMATTING CHARACTER' };
}

/** The marker that stands in for a control where only a string fits (attributes, chart labels). */
export function controlMarker(control: BidiControl): string {
  return `⟨${control.codePoint}⟩`;
}

/**
 * Splits text into plain runs and controls, in stored order, so a view can style the
 * controls as clearly not part of the text. Text without controls comes back as one run.
 */
export function bidiPieces(text: string): TextPiece[] {
  if (!hasBidiControls(text)) return text ? [text] : [];
  const pieces: TextPiece[] = [];
  let from = 0;
  for (const match of text.matchAll(BIDI_CONTROLS)) {
    if (match.index > from) pieces.push(text.slice(from, match.index));
    pieces.push(controlOf(match[0]));
    from = match.index + match[0].length;
  }
  if (from < text.length) pieces.push(text.slice(from));
  return pieces;
}

/**
 * The text with every control replaced by its visible marker, `⟨U+202E⟩`: for places
 * that hold only a string (`title=`, `aria-label=`, chart legends, native notifications).
 */
export function visibleText(text: string): string {
  return hasBidiControls(text) ? text.replace(BIDI_CONTROLS, (char) => controlMarker(controlOf(char))) : text;
}
