import type { TraceLayout } from './layout-types';
import { buildSpanTree, type SpanTree } from './tree';

/** The layout's tree, rebuilt only for layouts made elsewhere (tests, imported bundles). */
export function treeOf(layout: TraceLayout): SpanTree {
  return layout.tree ?? buildSpanTree(layout.spans);
}
