import { type TraceColumns, type TraceColumnsWire, toTraceColumnsWire } from '../../shared/model/trace-columns';

/**
 * The getTraceColumns answer as it goes on the wire. Not run through TraceColumnsSchema here:
 * the columns were made by this process (shared/trace/columns-codec.ts from a normalised
 * Trace), the schema's work is decoding base64 and checking 100,000 indexes, and the page runs
 * it anyway on what arrives (renderer/src/api/parse.ts) — that is the trust boundary. What is
 * checked here is only what could make the page's check fail for a reason of ours: the column
 * lengths.
 *
 * The wire form of each columns object is kept (WeakMap: it goes with the cached columns in
 * services/traces/trace-columns-cache.ts), so a reopened trace costs no base64 encoding.
 */
const wireOf = new WeakMap<TraceColumns, TraceColumnsWire>();
/** The columns each wire form was made from, for a transport that carries bytes (web/web-socket.ts sends them as they are). */
const columnsOf = new WeakMap<object, TraceColumns>();

/** The typed-array columns behind a getTraceColumns answer, when `value` is one. */
export function traceColumnsBehind(value: unknown): TraceColumns | undefined {
  return typeof value === 'object' && value !== null ? columnsOf.get(value) : undefined;
}

export function traceColumnsReply(value: unknown): TraceColumnsWire {
  const columns = value as TraceColumns;
  let wire = wireOf.get(columns);
  if (wire) return wire;
  const n = columns.count;
  for (const name of ['spanId', 'service', 'operation', 'start', 'duration', 'flags', 'attrEnd'] as const) {
    if (!(columns[name] instanceof (name === 'start' || name === 'duration' ? Float64Array : Int32Array)) || columns[name].length !== n) {
      throw new Error(`The trace's column "${name}" was built with the wrong length (internal error in the trace encoder); reopen the trace, and report it if it happens again.`);
    }
  }
  wire = toTraceColumnsWire(columns);
  wireOf.set(columns, wire);
  columnsOf.set(wire, columns);
  return wire;
}
