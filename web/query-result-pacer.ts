import type { EventOf } from '../shared/api/contract';
import { applyFrame, type FullFrame } from '../shared/model/live-frame';

type QueryResultEvent = EventOf<'queryResult'>;

/**
 * Queries whose frames are kept per console. Far more than a dashboard has; query ids of
 * dashboards left long ago age out instead of staying for the life of the connection.
 */
const MAX_TRACKED_QUERIES = 1000;

/**
 * Paces live-query results to what one console reads. While the bytes waiting in its
 * socket stay under `softBytes`, every result goes out as the services made it (deltas
 * included). Above it, results are held back (only the latest per query is kept) and,
 * once the socket has drained, each held query goes out as ONE full frame: a delta
 * builds on the frame before it, so a skipped one could not be applied. A slow wall
 * screen thus gets fewer frames instead of a dropped connection; alerts, incidents and
 * replies never wait here.
 */
export class QueryResultPacer {
  /** What the console holds (or will, once the held results go out) per query: the base a full frame is rebuilt from. */
  private readonly frames = new Map<string, FullFrame>();
  /** Queries with a result held back, and that result (for a frame: only its time; the frame is in `frames`). */
  private readonly held = new Map<string, QueryResultEvent>();
  private pacing = false;
  /** Results not sent because the console was behind (for the log and the tests). */
  skipped = 0;

  constructor(private readonly softBytes: number) {}

  /** True while results are being held back. */
  get behind(): boolean {
    return this.pacing;
  }

  /** The result to send now, or undefined when it is held back until the socket drains. */
  offer(event: QueryResultEvent, bufferedBytes: number): QueryResultEvent | undefined {
    this.track(event);
    if (!this.pacing && bufferedBytes <= this.softBytes) return event;
    this.pacing = true;
    if (this.held.has(event.queryId)) this.skipped += 1;
    this.held.set(event.queryId, event);
    return undefined;
  }

  /**
   * The held results to send now that `bufferedBytes` wait in the socket: one at a time,
   * asked again after each send, so a backlog of large frames cannot pile up at once.
   */
  next(bufferedBytes: number): QueryResultEvent | undefined {
    if (!this.pacing || bufferedBytes > this.softBytes) return undefined;
    const first = this.held.entries().next();
    if (first.done) {
      this.pacing = false;
      return undefined;
    }
    const [queryId, event] = first.value;
    this.held.delete(queryId);
    if (this.held.size === 0) this.pacing = false;
    const frame = this.frames.get(queryId);
    if (event.frame && frame) return { queryId, frame, at: event.at };
    return event;
  }

  private track(event: QueryResultEvent): void {
    if (!event.frame) {
      // After an error or a whole result the services start the query again with a full frame.
      this.frames.delete(event.queryId);
      return;
    }
    const frame = applyFrame(this.frames.get(event.queryId), event.frame);
    // Deleted then set, so the map's order is least recently refreshed first.
    this.frames.delete(event.queryId);
    if (!frame) return;
    this.frames.set(event.queryId, frame);
    if (this.frames.size > MAX_TRACKED_QUERIES) this.frames.delete(this.frames.keys().next().value!);
  }
}
