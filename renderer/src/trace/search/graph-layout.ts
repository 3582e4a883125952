import type { TraceGraph, TraceGraphEdge } from '../../../../shared/trace/trace-graph';

export interface PlacedNode {
  service: string;
  x: number;
  y: number;
  spans: number;
  errors: number;
}

export interface PlacedEdge extends TraceGraphEdge {
  path: string;
  labelX: number;
  labelY: number;
  /** Goes to the same or an earlier layer (a call back up, a cycle). */
  back: boolean;
}

export const NODE_W = 170;
export const NODE_H = 40;
const COL_GAP = 120;
const ROW_GAP = 34;
const MARGIN = 16;

/**
 * Layers left to right by call depth (shared/trace/trace-graph.ts), services stacked in each
 * layer; forward calls are curves from a node's right edge to the callee's left edge, calls
 * back to an earlier layer arc below.
 */
export function layoutGraph(graph: TraceGraph): { nodes: PlacedNode[]; edges: PlacedEdge[]; width: number; height: number } {
  const layers = new Map<number, string[]>();
  for (const node of graph.nodes) layers.set(node.depth, [...(layers.get(node.depth) ?? []), node.service]);
  const depths = [...layers.keys()].sort((a, b) => a - b);
  const column = new Map(depths.map((d, i) => [d, i]));
  const tallest = Math.max(1, ...[...layers.values()].map((l) => l.length));
  const height = MARGIN * 2 + tallest * NODE_H + (tallest - 1) * ROW_GAP + 40;
  const placed = new Map<string, PlacedNode>();
  for (const node of graph.nodes) {
    const layer = layers.get(node.depth)!;
    const row = layer.indexOf(node.service);
    const offset = ((tallest - layer.length) * (NODE_H + ROW_GAP)) / 2;
    placed.set(node.service, { service: node.service, x: MARGIN + column.get(node.depth)! * (NODE_W + COL_GAP), y: MARGIN + offset + row * (NODE_H + ROW_GAP), spans: node.spans, errors: node.errors });
  }
  const edges = graph.edges.map((edge): PlacedEdge => {
    const a = placed.get(edge.from)!;
    const b = placed.get(edge.to)!;
    const back = b.x <= a.x;
    if (back) {
      const x1 = a.x + NODE_W / 2;
      const x2 = b.x + NODE_W / 2;
      const y1 = a.y + NODE_H;
      const y2 = b.y + NODE_H;
      const dip = Math.max(y1, y2) + 36;
      return { ...edge, back, path: `M${x1},${y1} C${x1},${dip} ${x2},${dip} ${x2},${y2}`, labelX: (x1 + x2) / 2, labelY: dip - 4 };
    }
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const mid = (x1 + x2) / 2;
    return { ...edge, back, path: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, labelX: mid, labelY: (y1 + y2) / 2 - 6 };
  });
  const width = MARGIN * 2 + Math.max(1, depths.length) * NODE_W + Math.max(0, depths.length - 1) * COL_GAP;
  return { nodes: [...placed.values()], edges, width, height };
}
