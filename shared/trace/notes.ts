import type { Span } from '../model/traces';

/** Adds a line to what the span's detail says normalisation did to it. */
export function addNote(span: Span, note: string): void {
  if (span.notes) {
    if (!span.notes.includes(note)) span.notes.push(note);
  } else {
    span.notes = [note];
  }
}
