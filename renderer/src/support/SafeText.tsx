import { bidiPieces, controlMarker, hasBidiControls } from '../../../shared/text/visible-text';

/**
 * Text from outside Lockstep (alert labels, span names, log lines, file names), shown
 * with any bidirectional control character made visible as a marked `⟨U+202E⟩` token
 * instead of applied, so `pay\u202Etxt.exe` reads as stored rather than as
 * `payexe.txt`. The text is isolated from its neighbours (`<bdi>`), so what it holds
 * cannot reorder the sentence around it either. Text without controls renders as is.
 */
export function SafeText({ text }: { text: string | undefined | null }) {
  if (!text) return null;
  if (!hasBidiControls(text)) return text;
  return (
    <bdi className="safe-text" data-testid="safe-text">
      {bidiPieces(text).map((piece, i) =>
        typeof piece === 'string' ? (
          piece
        ) : (
          <span key={i} className="bidi-mark" dir="ltr" title={`${piece.codePoint} ${piece.name}: a hidden direction control in this text, shown instead of applied`} data-testid="bidi-mark">
            {controlMarker(piece)}
          </span>
        ),
      )}
    </bdi>
  );
}
