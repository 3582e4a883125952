import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { appendPrivateFile, restrictPrivateFile } from '../util/private-files';

export const JournalEntrySchema = z.object({
  actionId: z.string(),
  key: z.string(),
  kind: z.string(),
  state: z.enum(['started', 'succeeded', 'failed']),
  message: z.string(),
  at: z.number(),
  summary: z.string(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

/**
 * Append-only, fsynced record of every on-call action. An action is written as started
 * before it touches a backend, so after a crash it is known to be in doubt rather than
 * forgotten (and never silently fired a second time).
 */
export class ActionJournal {
  private readonly byKey = new Map<string, JournalEntry>();

  constructor(
    private readonly file: string | undefined,
    warn: (message: string) => void = () => {},
  ) {
    if (!file || !existsSync(file)) return;
    // Who did what during an incident is the operator's alone, also in a journal an older build left readable.
    restrictPrivateFile(file);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (!line.trim()) return;
      try {
        const entry = JournalEntrySchema.parse(JSON.parse(line));
        this.byKey.set(entry.key, entry);
      } catch {
        // A torn last line is what a crash mid-append leaves; anything else is worth a word.
        if (index < lines.length - 2) warn(`action journal line ${index + 1} is unreadable; skipped`);
      }
    });
  }

  latest(key: string): JournalEntry | undefined {
    return this.byKey.get(key);
  }

  /** Actions that started but whose outcome was never written. */
  inDoubt(): JournalEntry[] {
    return [...this.byKey.values()].filter((e) => e.state === 'started');
  }

  append(entry: JournalEntry): void {
    this.byKey.set(entry.key, entry);
    if (this.file) appendPrivateFile(this.file, `${JSON.stringify(entry)}\n`);
  }
}
