import type { DataSource, LogsCapability, LogTailHandle, LogTailSink } from '../datasources/types';

/** A source whose live tails can be ended from outside, each told why. */
export interface TailTracked {
  source: DataSource;
  /** Closes every tail still open on it and tells each one's console, in `message`, that it stopped. */
  endTails(message: string): void;
}

/**
 * A log tail holds its own connection to the source it started on (Loki's WebSocket), so
 * replacing the source in the SourceSet does not move it: without this, a panel would keep
 * following a Loki that was changed or removed in Settings. The same source, with every
 * tail it opens remembered until closed.
 */
export function trackTails(source: DataSource): TailTracked {
  const logs = source.logs;
  if (!logs?.tail) return { source, endTails: () => {} };
  const open = new Set<{ handle: LogTailHandle; sink: LogTailSink }>();
  const start = logs.tail.bind(logs);
  const trackedLogs = Object.create(logs) as LogsCapability;
  trackedLogs.tail = (request, sink) => {
    const entry = { handle: start(request, sink), sink };
    open.add(entry);
    return {
      close: () => {
        open.delete(entry);
        entry.handle.close();
      },
    };
  };
  const tracked = Object.create(source) as DataSource;
  Object.defineProperty(tracked, 'logs', { value: trackedLogs, enumerable: true });
  return {
    source: tracked,
    endTails(message) {
      const entries = [...open];
      open.clear();
      for (const entry of entries) {
        entry.handle.close();
        entry.sink.state('failed', message);
      }
    },
  };
}
