import type { Span } from '../model/traces';
import type { SpanTree } from './tree';

/** Network/server split of one RPC, microseconds; absent parts are unknown. */
export interface RpcBreakdown {
  /** SR − CS: request on the wire and in queues. */
  networkOut?: number;
  /** SS − SR: time inside the server. */
  server?: number;
  /** CR − SS: response on the wire. */
  networkBack?: number;
  /** CR − CS: what the caller saw. */
  clientTotal?: number;
}

/** One row of the waterfall, in display order (depth-first, children by start time). */
export interface WaterfallRow {
  /** Index into TraceLayout.spans. */
  spanIndex: number;
  depth: number;
  /** Microseconds from the trace's first moment. */
  offset: number;
  duration: number;
  childCount: number;
  /** Present on server spans whose client half is known, and on client spans. */
  rpc?: RpcBreakdown;
}

export interface TraceLayout {
  traceId: string;
  /** Epoch microseconds of the earliest span start. */
  start: number;
  /** Microseconds from start to the latest span end. */
  duration: number;
  spans: readonly Span[];
  rows: readonly WaterfallRow[];
  services: readonly string[];
  maxDepth: number;
  warnings: readonly string[];
  /** Parent/children of every span (hidden ones too), for derived views; added by layoutTrace. */
  tree?: SpanTree;
}
