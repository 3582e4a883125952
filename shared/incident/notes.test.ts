import { describe, expect, it } from 'vitest';
import { AddNoteRequestSchema } from '../api/actions';
import { isNoteAlert, NOTE_MAX_CHARS, NOTE_TTL_MS, noteAlert, noteId, readNote } from './notes';

const fields = { incidentId: 'inc-20240603T0200-lock-service-0123456789ab', author: 'ana', text: 'rolled back lock-service to blue', idempotencyKey: 'key-0001-abcd' };
const T = Date.UTC(2024, 5, 3, 2, 10, 0);

describe('a note as an Alertmanager alert', () => {
  it('has the note labels, who/what/when in annotations, and a one-hour lease', () => {
    const alert = noteAlert(fields, T);
    expect(alert.labels).toEqual({ alertname: 'LockstepNote', lockstep_incident: fields.incidentId, lockstep_note: noteId(fields), severity: 'none' });
    expect(alert.annotations).toMatchObject({ author: 'ana', text: 'rolled back lock-service to blue', written_at: '2024-06-03T02:10:00.000Z' });
    expect(alert.annotations.summary).toContain('pages nobody');
    expect(alert).toMatchObject({ startsAt: T, endsAt: T + NOTE_TTL_MS });
    // A retry later keeps the time written and moves the lease on.
    expect(noteAlert(fields, T, T + 90_000)).toMatchObject({ startsAt: T, endsAt: T + 90_000 + NOTE_TTL_MS, annotations: { written_at: '2024-06-03T02:10:00.000Z' } });
    // Every label name is one Alertmanager accepts, and no value is empty.
    for (const [name, value] of Object.entries(alert.labels)) {
      expect(name).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
      expect(value).not.toBe('');
    }
  });

  it('gets the same id for the same request on every console and at every retry, and another for any other request', () => {
    expect(noteId({ ...fields })).toBe(noteId(fields));
    expect(noteAlert(fields, T).labels).toEqual(noteAlert(fields, T + 5_000, T + 60_000).labels);
    expect(noteId(fields)).toMatch(/^note-[0-9a-f]{24}$/);
    const others = [
      { ...fields, incidentId: 'inc-other' },
      { ...fields, author: 'bo' },
      { ...fields, text: 'rolled back lock-service to green' },
      { ...fields, idempotencyKey: 'key-0002-abcd' },
      // Fields are kept apart: moving text between them is another note.
      { ...fields, author: 'an', text: `a${fields.text}` },
    ];
    const ids = new Set([noteId(fields), ...others.map(noteId)]);
    expect(ids.size).toBe(others.length + 1);
  });

  it('is read back as a note, and only a note alert is', () => {
    const alert = noteAlert(fields, T);
    expect(isNoteAlert({ labels: alert.labels })).toBe(true);
    expect(isNoteAlert({ name: 'LockstepNote', labels: {} })).toBe(true);
    expect(isNoteAlert({ name: 'ServiceErrorRateHigh', labels: { alertname: 'ServiceErrorRateHigh' } })).toBe(false);
    expect(readNote(alert)).toEqual({ noteId: noteId(fields), incidentId: fields.incidentId, author: 'ana', text: fields.text, at: T });
    expect(readNote({ labels: { alertname: 'LockstepEscalation' }, annotations: {}, startsAt: T })).toBeUndefined();
    expect(readNote({ labels: { alertname: 'LockstepNote' }, annotations: {}, startsAt: T })).toBeUndefined();
    // Posted by hand without a time or an author: the alert's start, "unknown".
    expect(readNote({ labels: alert.labels, annotations: { text: 'x' }, startsAt: T - 1 })).toMatchObject({ author: 'unknown', text: 'x', at: T - 1 });
  });

  it('cuts text posted by hand beyond what Lockstep allows, never inside a character, and keeps hostile text as it is', () => {
    const hostile = `<img src=x onerror=alert(1)> pay\u202Etxt.exe `;
    const long = hostile + '😀'.repeat(5_000);
    const note = readNote({ labels: noteAlert(fields, T).labels, annotations: { author: 'mallory\u202E', text: long }, startsAt: T })!;
    expect(note.text.startsWith(hostile)).toBe(true);
    expect(note.text).toMatch(/… \(\d+ more characters not shown\)$/);
    expect(note.text.length).toBeLessThan(NOTE_MAX_CHARS + 60);
    expect(note.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(note.author).toBe('mallory\u202E');
  });
});

describe('AddNoteRequestSchema', () => {
  const valid = { incidentId: 'inc-1', author: 'ana', text: 'looking at the gateway', idempotencyKey: 'key-0001-abcd' };

  it('takes a note of up to 2,000 characters, trimmed, whatever it holds', () => {
    expect(AddNoteRequestSchema.parse({ ...valid, text: '  looking  \n' }).text).toBe('looking');
    expect(AddNoteRequestSchema.parse({ ...valid, text: 'x'.repeat(NOTE_MAX_CHARS) }).text).toHaveLength(NOTE_MAX_CHARS);
    const hostile = '<script>alert(1)</script> \u202Egnp.exe \u2066';
    expect(AddNoteRequestSchema.parse({ ...valid, text: hostile }).text).toBe(hostile.trim());
  });

  it('refuses a note that is empty, too long, or lacks its incident, author or key', () => {
    const refused = (request: unknown) => {
      const result = AddNoteRequestSchema.safeParse(request);
      return result.success ? 'accepted' : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    expect(refused({ ...valid, text: '' })).toMatch(/^text: write something first/);
    expect(refused({ ...valid, text: ' \n\t ' })).toMatch(/^text: write something first/);
    expect(refused({ ...valid, text: 'x'.repeat(NOTE_MAX_CHARS + 1) })).toMatch(/^text: a note holds at most 2,000 characters/);
    expect(refused({ ...valid, text: 'x'.repeat(10_000) })).toMatch(/^text: a note holds at most 2,000 characters/);
    expect(refused({ ...valid, text: 42 })).toMatch(/^text:/);
    expect(refused({ ...valid, incidentId: '' })).toMatch(/^incidentId:/);
    expect(refused({ ...valid, author: '  ' })).toMatch(/^author: say who is writing/);
    expect(refused({ ...valid, idempotencyKey: 'short' })).toMatch(/^idempotencyKey:/);
    const { idempotencyKey: _key, ...keyless } = valid;
    expect(refused(keyless)).toMatch(/^idempotencyKey:/);
    expect(refused(valid)).toBe('accepted');
  });
});
