import type { Resource, Span } from '../model/traces';
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
  /** Parts whose two moments were in the wrong order (clocks that disagree beyond correction), shown as 0. */
  clamped?: ('networkOut' | 'server' | 'networkBack' | 'clientTotal')[];
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
  /** No end was reported: `duration` is 0 and the row's bar is open-ended. */
  unfinished?: boolean;
  /** Present on server spans whose client half is known, and on client spans. */
  rpc?: RpcBreakdown;
}

export interface TraceLayout {
  traceId: string;
  /** Epoch microseconds of the earliest span start. */
  start: number;
  /** Microseconds from start to the latest end of a finished span (or start of any span). */
  duration: number;
  spans: readonly Span[];
  /** The processes spans point at (`span.resource`); absent in layouts made elsewhere. */
  resources?: readonly Resource[];
  rows: readonly WaterfallRow[];
  services: readonly string[];
  maxDepth: number;
  warnings: readonly string[];
  /** Parent/children of every span (hidden ones too), for derived views; added by layoutTrace. */
  tree?: SpanTree;
  /** Every row, collapsed or not, in display order; `rows` is this with collapsed subtrees left out (shared/trace/collapse.ts). */
  allRows?: readonly WaterfallRow[];
  /** For `allRows[k]`: how many rows its subtree spans, itself included; collapsing skips that many. */
  subtreeRows?: Int32Array;
}
