/**
 * A purpose-built reader of an answer's bytes (the Zipkin trace scanner): the whole answer at
 * once, or — where it can, for a large answer of announced length — while the bytes arrive,
 * so that reading overlaps the transfer. Undefined from either: not an answer it takes, and
 * the caller reads it the general way.
 */
export interface ByteReader<T> {
  read(body: Uint8Array): T | undefined;
  /**
   * `body` is the whole answer's buffer, zero past the bytes in so far; `arrived(n)` is told
   * after each chunk that the first n bytes are in, and `finish()`, once all are, gives what
   * `read(body)` gives.
   */
  follow?(body: Uint8Array): ArrivingRead<T>;
}

export interface ArrivingRead<T> {
  arrived(filled: number): void;
  finish(): T | undefined;
}

/** `reader`, its result passed through `then` (undefined stays undefined). */
export function mapByteReader<A, B>(reader: ByteReader<A>, then: (a: A) => B | undefined): ByteReader<B> {
  const follow = reader.follow;
  return {
    read: (body) => {
      const a = reader.read(body);
      return a === undefined ? undefined : then(a);
    },
    ...(follow && {
      follow: (body: Uint8Array): ArrivingRead<B> => {
        const arriving = follow(body);
        return {
          arrived: (filled) => arriving.arrived(filled),
          finish: () => {
            const a = arriving.finish();
            return a === undefined ? undefined : then(a);
          },
        };
      },
    }),
  };
}
