/**
 * How many bytes of backend answers the process holds at once, across every source.
 *
 * A per-response cap alone does not bound memory: eight live queries each under the cap
 * took the process to 2.2 GB. So each answer reserves its bytes here as its chunks
 * arrive and gives them back when it is done or has failed; a chunk that does not fit
 * fails that one answer instead of growing the process. The reservation counts the raw
 * bytes; the real footprint is a small multiple (the joined buffer, the decoded string,
 * the parsed JSON), which is why the default total sits well under a desk's memory.
 */
export class ResponseBudget {
  private inFlight = 0;
  private peak = 0;

  constructor(readonly totalBytes: number) {
    if (!(totalBytes > 0)) throw new RangeError('a response budget needs a positive size');
  }

  /** Takes `bytes` if they fit; false (and nothing taken) if they do not. */
  tryReserve(bytes: number): boolean {
    if (this.inFlight + bytes > this.totalBytes) return false;
    this.inFlight += bytes;
    if (this.inFlight > this.peak) this.peak = this.inFlight;
    return true;
  }

  release(bytes: number): void {
    this.inFlight = Math.max(0, this.inFlight - bytes);
  }

  /** Bytes reserved right now. */
  get inFlightBytes(): number {
    return this.inFlight;
  }

  /** The most ever reserved at once since creation or the last reset: what tests and benchmarks watch. */
  get highWaterMark(): number {
    return this.peak;
  }

  resetHighWaterMark(): void {
    this.peak = this.inFlight;
  }
}

export const MB = 1024 * 1024;

/** Every answer any source receives counts against this one, unless a caller passes its own. */
export const processResponseBudget = new ResponseBudget(192 * MB);

/** A single answer larger than this is refused whatever the budget holds (sources may lower or raise it). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * MB;
