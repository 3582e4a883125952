/**
 * What httpScanned (request.ts) reads an answer's bytes with: a purpose-built reader such as
 * the Zipkin trace scanner. shared/text/byte-reader.ts's ByteReader is one; a reader that
 * hands the work to another thread (services/traces/columns-thread.ts) is another, whose
 * result comes back later, so here `finish` may give a promise.
 */
export interface BodyReader<T> {
  /** The whole answer at once; undefined: not an answer it takes (it goes the general way). */
  read(body: Uint8Array): T | undefined;
  /** Reads a large answer of announced length while it arrives (see FollowedBody). */
  follow?(body: Uint8Array): FollowedBody<T>;
}

/**
 * `body` (given to follow) is the whole answer's buffer, zero past the bytes in so far:
 * `arrived(n)` after each chunk says the first n bytes are in; `finish()`, once all are,
 * gives what `read(body)` gives. `drop()` says the answer will not be finished (its
 * transfer broke off, or a retry started reading another), so whatever holds it can let go.
 */
export interface FollowedBody<T> {
  arrived(filled: number): void;
  finish(): T | undefined | Promise<T | undefined>;
  drop?(): void;
}
