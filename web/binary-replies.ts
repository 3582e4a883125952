import { traceColumnsBehind } from '../services/traces/trace-columns-reply';
import { type BinaryReplyBody, binaryReplyBody, binaryReplyParts } from '../shared/api/binary-reply';

/** The binary body of each trace's columns sent so far, kept with them: a reopened trace is not stringified again. */
const bodies = new WeakMap<object, BinaryReplyBody>();

/**
 * A successful reply's value as the parts of one binary reply for call `id`
 * (shared/api/binary-reply.ts), when it holds a trace's columns; undefined for any other
 * value, which travels as JSON. The WebSocket sends the parts as one message, the HTTP call
 * as one body: either way the columns' bytes go as they are, never copied.
 */
export function binaryReplyFor(id: number, value: unknown): Uint8Array[] | undefined {
  const columns = traceColumnsBehind(value);
  if (!columns) return undefined;
  let body = bodies.get(columns);
  if (!body) bodies.set(columns, (body = binaryReplyBody(columns as unknown as Record<string, unknown>)));
  return binaryReplyParts(id, body);
}
