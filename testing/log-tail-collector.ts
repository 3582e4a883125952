import type { LogLine } from '../shared';

/** What a log tail delivered, in order: its lines, the count Loki said it dropped, and its states. */
export function logTailCollector() {
  const seen = { lines: [] as LogLine[], dropped: 0, states: [] as { state: string; message?: string }[] };
  return {
    seen,
    sink: {
      lines: (lines: LogLine[]) => seen.lines.push(...lines),
      dropped: (n: number) => (seen.dropped += n),
      state: (state: string, message?: string) => seen.states.push(message === undefined ? { state } : { state, message }),
    },
  };
}

/** Polls a synchronous check every 10 ms until it holds, bounded: a tail's deliveries arrive on the event loop. */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
