import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { appendPrivateFile, openPrivate, restrictPrivateFile } from '../util/private-files';

export const JournalEntrySchema = z.object({
  actionId: z.string(),
  key: z.string(),
  kind: z.string(),
  /**
   * started: written (fsynced) before the backend is touched; pending: the backend could
   * not be reached and a retry is queued; unknown: the backend may or may not have done it
   * (no answer in time); succeeded / failed: the outcome.
   */
  state: z.enum(['started', 'pending', 'unknown', 'succeeded', 'failed']),
  message: z.string(),
  at: z.number(),
  summary: z.string(),
  /** A failure is the final answer for its key unless this is false (transient: a retry runs again). Absent: final. */
  final: z.boolean().optional(),
  /** The outcome was read back from the backend (reconcile), not seen in its reply. */
  reconciled: z.boolean().optional(),
  attempts: z.number().int().nonnegative().optional(),
  nextAttemptAt: z.number().optional(),
  /** What the action was asked to do, so it can be resumed after a restart. */
  request: z.unknown().optional(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

/** An entry whose action has no outcome yet: after a crash these are in doubt or waiting to be retried. */
export const isUnsettled = (entry: JournalEntry): boolean => entry.state === 'started' || entry.state === 'pending' || entry.state === 'unknown';

/**
 * Append-only, fsynced record of every on-call action. An action is written as started
 * before it touches a backend, so after a crash it is known to be in doubt rather than
 * forgotten (and never silently fired a second time).
 *
 * A crash mid-append leaves a torn last line. Before anything else is appended it is cut
 * away (and kept aside in `<file>.torn-<time>` for whoever wants to look), so the next
 * entry starts on a line of its own and stays readable. Only an entry whose own 'started'
 * line is torn can lose its record, and that action had not been sent yet: the line is
 * fsynced before the backend is touched.
 */
export class ActionJournal {
  private readonly byKey = new Map<string, JournalEntry>();

  constructor(
    private readonly file: string | undefined,
    private readonly warn: (message: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    if (!file || !existsSync(file)) return;
    // Who did what during an incident is the operator's alone, also in a journal an older build left readable.
    restrictPrivateFile(file);
    const bytes = readFileSync(file);
    const lines = splitLines(bytes);
    let tornFrom: number | undefined;
    const skipped: number[] = [];
    lines.forEach((line, index) => {
      const entry = parseLine(line.text);
      if (entry === 'blank') return;
      if (entry) {
        this.remember(entry);
        tornFrom = undefined;
        return;
      }
      tornFrom ??= index;
      skipped.push(index);
    });
    if (tornFrom !== undefined) {
      this.repairTail(bytes, lines[tornFrom]!.start, now());
      skipped.splice(skipped.indexOf(tornFrom));
    }
    for (const index of skipped) warn(`action journal line ${index + 1} is unreadable; skipped`);
  }

  latest(key: string): JournalEntry | undefined {
    return this.byKey.get(key);
  }

  /** Actions that started but whose outcome was never written (or could not be known). */
  inDoubt(): JournalEntry[] {
    return [...this.byKey.values()].filter((e) => e.state === 'started' || e.state === 'unknown');
  }

  /** Every action without an outcome: in doubt, or queued for a retry. */
  unsettled(): JournalEntry[] {
    return [...this.byKey.values()].filter(isUnsettled);
  }

  append(entry: JournalEntry): void {
    if (this.file) {
      // A write that failed part-way since (disk full, a crash of another writer) may have left half a line.
      if (!endsWithNewline(this.file)) {
        const bytes = readFileSync(this.file);
        this.repairTail(bytes, bytes.lastIndexOf(0x0a) + 1, this.now());
      }
      appendPrivateFile(this.file, `${JSON.stringify(entry)}\n`);
    }
    this.remember(entry);
  }

  private remember(entry: JournalEntry): void {
    this.byKey.set(entry.key, entry);
  }

  /** Cuts the file back to the end of its last readable line, keeping what was cut in a file beside it. */
  private repairTail(bytes: Buffer, offset: number, at: number): void {
    const file = this.file!;
    const torn = bytes.subarray(offset);
    const aside = `${file}.torn-${at}`;
    const copy = openPrivate(aside, 'w');
    try {
      writeFileSync(copy, torn);
      fsyncSync(copy);
    } finally {
      closeSync(copy);
    }
    const fd = openSync(file, 'r+');
    try {
      ftruncateSync(fd, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.warn(`action journal ended in a torn entry (${torn.length} bytes, from a crash mid-write); cut it away and kept it in ${aside}`);
  }
}

/** True for a missing or empty file too: only a last byte that is not a newline means a torn tail. */
function endsWithNewline(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return true;
  }
  try {
    const { size } = fstatSync(fd);
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

interface Line {
  start: number;
  text: string;
}

function splitLines(bytes: Buffer): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end;
    // A line without its newline is torn even when it happens to parse: the next append would join it.
    const text = bytes.subarray(start, stop).toString('utf8');
    lines.push({ start, text: end === -1 ? `${text}\u0000` : text });
    start = stop + 1;
  }
  return lines;
}

function parseLine(text: string): JournalEntry | 'blank' | undefined {
  if (!text.trim()) return 'blank';
  try {
    return JournalEntrySchema.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}
