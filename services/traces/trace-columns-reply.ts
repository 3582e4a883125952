import type { RpcReply } from '../../shared';
import { type TraceColumns, type TraceColumnsWire, toTraceColumnsWire } from '../../shared/model/trace-columns';

/**
 * The getTraceColumns answer: the columns as the encoder made them. How they travel is the
 * transport's choice. The web host's WebSocket sends their bytes as they are
 * (web/web-socket.ts, `traceColumnsBehind`); JSON (the web host's HTTP API) and Electron's
 * IPC get the wire form, base64 text, made only when one of them asks (`toJSON`,
 * `plainReply`) and then kept with the columns. So the usual way a trace opens, over the
 * WebSocket, never pays for base64 text of some 10 MB of columns it does not send.
 *
 * Not run through TraceColumnsSchema here: the columns were made by this process
 * (shared/trace/columns-codec.ts from a normalised Trace), the schema's work is decoding
 * base64 and checking 100,000 indexes, and the page runs it anyway on what arrives
 * (renderer/src/api/parse.ts) — that is the trust boundary. What is checked here is only
 * what could make the page's check fail for a reason of ours: the column lengths.
 */
export class TraceColumnsAnswer {
  private wire: TraceColumnsWire | undefined;

  constructor(readonly columns: TraceColumns) {}

  /** The wire form (JSON.stringify calls this), made once. */
  toJSON(): TraceColumnsWire {
    this.wire ??= toTraceColumnsWire(this.columns);
    return this.wire;
  }
}

/**
 * One answer per columns object (WeakMap: it goes with the cached columns in
 * services/traces/trace-columns-cache.ts), so a reopened trace sends the same answer and its
 * wire form, once made, is not made again.
 */
const answerOf = new WeakMap<TraceColumns, TraceColumnsAnswer>();

export function traceColumnsReply(value: unknown): TraceColumnsAnswer {
  const columns = value as TraceColumns;
  let answer = answerOf.get(columns);
  if (answer) return answer;
  const n = columns.count;
  for (const name of ['spanId', 'service', 'operation', 'start', 'duration', 'flags', 'attrEnd'] as const) {
    if (!(columns[name] instanceof (name === 'start' || name === 'duration' ? Float64Array : Int32Array)) || columns[name].length !== n) {
      throw new Error(`The trace's column "${name}" was built with the wrong length (internal error in the trace encoder); reopen the trace, and report it if it happens again.`);
    }
  }
  answer = new TraceColumnsAnswer(columns);
  answerOf.set(columns, answer);
  return answer;
}

/** The typed-array columns behind a getTraceColumns answer, when `value` is one. */
export function traceColumnsBehind(value: unknown): TraceColumns | undefined {
  return value instanceof TraceColumnsAnswer ? value.columns : undefined;
}

/**
 * The reply as plain data, for a transport that copies objects field by field (Electron's
 * IPC, a structured clone): a columns answer becomes its wire form. Any other reply is
 * returned as it is.
 */
export function plainReply(reply: RpcReply): RpcReply {
  return reply.ok && reply.value instanceof TraceColumnsAnswer ? { ok: true, value: reply.value.toJSON() } : reply;
}
