/**
 * Summarises what grew between two V8 heap snapshots (`.heapsnapshot`, as Chromium's
 * `HeapProfiler.takeHeapSnapshot` writes them): counts and self sizes per constructor, the
 * top growers, and for each grower the retainer paths (from the GC roots) that hold its new
 * objects, grouped so one leak shows as one path with a count.
 *
 *   npx tsx scripts/bench/heap-snapshot-diff.ts before.heapsnapshot after.heapsnapshot [--top 15]
 *
 * Node ids are stable within one renderer's life, so "new" means: an id the earlier snapshot
 * did not have. Written for scripts/bench/wall-heap-snapshots.ts.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const SnapshotFileSchema = z.object({
  snapshot: z.object({
    meta: z.object({
      node_fields: z.array(z.string()),
      node_types: z.array(z.unknown()),
      edge_fields: z.array(z.string()),
      edge_types: z.array(z.unknown()),
    }),
  }),
  nodes: z.array(z.number()),
  edges: z.array(z.number()),
  strings: z.array(z.string()),
});

export interface HeapGraph {
  readonly count: number;
  readonly ids: Int32Array | Float64Array;
  readonly selfSize: Float64Array;
  readonly kind: readonly string[];
  readonly typeOf: Uint8Array;
  readonly nameOf: Int32Array;
  readonly strings: readonly string[];
  readonly firstEdge: Uint32Array;
  readonly edgeType: Uint8Array;
  readonly edgeName: Int32Array;
  readonly edgeTo: Uint32Array;
  readonly edgeKinds: readonly string[];
}

/** Reads the flat arrays of a snapshot into typed per-node / per-edge columns. */
export function parseHeapSnapshot(json: unknown): HeapGraph {
  const file = SnapshotFileSchema.parse(json);
  const { meta } = file.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const at = (fields: string[], name: string) => {
    const i = fields.indexOf(name);
    if (i < 0) throw new Error(`the heap snapshot has no "${name}" field; is it a V8 .heapsnapshot file?`);
    return i;
  };
  const [nType, nName, nId, nSize, nEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) => at(meta.node_fields, f)) as [number, number, number, number, number];
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => at(meta.edge_fields, f)) as [number, number, number];
  const kind = z.array(z.string()).parse(meta.node_types[0]);
  const edgeKinds = z.array(z.string()).parse(meta.edge_types[0]);
  const count = file.nodes.length / nf;
  const edgeCount = file.edges.length / ef;
  const ids = new Float64Array(count);
  const selfSize = new Float64Array(count);
  const typeOf = new Uint8Array(count);
  const nameOf = new Int32Array(count);
  const firstEdge = new Uint32Array(count + 1);
  let edge = 0;
  for (let n = 0; n < count; n++) {
    const base = n * nf;
    typeOf[n] = file.nodes[base + nType]!;
    nameOf[n] = file.nodes[base + nName]!;
    ids[n] = file.nodes[base + nId]!;
    selfSize[n] = file.nodes[base + nSize]!;
    firstEdge[n] = edge;
    edge += file.nodes[base + nEdges]!;
  }
  firstEdge[count] = edge;
  if (edge !== edgeCount) throw new Error(`the heap snapshot's nodes claim ${edge} edges but it holds ${edgeCount}; the file is truncated or corrupt`);
  const edgeType = new Uint8Array(edgeCount);
  const edgeName = new Int32Array(edgeCount);
  const edgeTo = new Uint32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    edgeType[e] = file.edges[e * ef + eType]!;
    edgeName[e] = file.edges[e * ef + eName]!;
    edgeTo[e] = file.edges[e * ef + eTo]! / nf;
  }
  return { count, ids, selfSize, kind, typeOf, nameOf, strings: file.strings, firstEdge, edgeType, edgeName, edgeTo, edgeKinds };
}

/** The name DevTools' "Summary" view groups a node under: the constructor for objects, the type in brackets for the rest. */
export function groupOf(g: HeapGraph, n: number): string {
  const type = g.kind[g.typeOf[n]!] ?? '?';
  const name = g.strings[g.nameOf[n]!] ?? '';
  if (type === 'object' || type === 'native') return name.split(' ')[0] || `(${type})`;
  if (type === 'closure') return `${name || '(anonymous)'}()`;
  return `(${type})`;
}

function nodeLabel(g: HeapGraph, n: number): string {
  const type = g.kind[g.typeOf[n]!];
  const name = g.strings[g.nameOf[n]!] ?? '';
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return JSON.stringify(name.slice(0, 40));
  if (type === 'object' || type === 'native' || type === 'closure') return groupOf(g, n);
  return `(${type}${name ? ` ${name.slice(0, 40)}` : ''})`;
}

function edgeLabel(g: HeapGraph, e: number): string {
  const type = g.edgeKinds[g.edgeType[e]!];
  if (type === 'element' || type === 'hidden') return `[${g.edgeName[e]}]`;
  const name = g.strings[g.edgeName[e]!] ?? '?';
  return type === 'property' ? `.${name}` : `${type}:${name}`;
}

/**
 * Shortest-path tree from the snapshot's root over strong edges (weak ones do not retain):
 * each node's parent edge, as DevTools' "Retainers" view follows first.
 */
export function retainerTree(g: HeapGraph): { parentNode: Int32Array; parentEdge: Int32Array } {
  const parentNode = new Int32Array(g.count).fill(-1);
  const parentEdge = new Int32Array(g.count).fill(-1);
  const weak = g.edgeKinds.indexOf('weak');
  const queue = new Uint32Array(g.count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  parentNode[0] = 0;
  while (head < tail) {
    const n = queue[head++]!;
    for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) {
      if (g.edgeType[e] === weak) continue;
      const to = g.edgeTo[e]!;
      if (parentNode[to] !== -1) continue;
      parentNode[to] = n;
      parentEdge[to] = e;
      queue[tail++] = to;
    }
  }
  return { parentNode, parentEdge };
}

/**
 * ".window Window .cache Map [3] Entry" for one node, nearest the root first. A run of the
 * same step (a linked list's `.next Object .next Object …`) is folded into one "(…)×…", so
 * every member of one long list shares one path; long paths keep both ends.
 */
export function retainerPath(g: HeapGraph, tree: ReturnType<typeof retainerTree>, n: number, keepEnds = 9): string {
  if (tree.parentNode[n] === -1) return '(unreachable from the roots: collected at the next GC)';
  const steps: string[] = [];
  let at = n;
  // A shortest-path tree has no cycles, so this ends at the root within `count` steps.
  for (let guard = 0; at !== 0 && guard < g.count; guard++) {
    steps.push(`${edgeLabel(g, tree.parentEdge[at]!)} ${nodeLabel(g, at)}`);
    at = tree.parentNode[at]!;
  }
  steps.reverse();
  const folded: string[] = [];
  for (let i = 0; i < steps.length; ) {
    let j = i;
    while (j < steps.length && steps[j] === steps[i]) j++;
    folded.push(j - i >= 3 ? `(${steps[i]})×…` : steps.slice(i, j).join(' '));
    i = j;
  }
  const kept = folded.length > 2 * keepEnds ? [...folded.slice(0, keepEnds), '…', ...folded.slice(-keepEnds)] : folded;
  return kept.join(' ');
}

export interface GroupDelta {
  group: string;
  countBefore: number;
  countAfter: number;
  sizeBefore: number;
  sizeAfter: number;
  /** Objects of this group in the later snapshot whose ids the earlier one did not have. */
  added: number;
  addedSize: number;
  /** The most common retainer paths of the added objects, with how many share each. */
  paths: { path: string; count: number }[];
}

function tally(g: HeapGraph): Map<string, { count: number; size: number }> {
  const out = new Map<string, { count: number; size: number }>();
  for (let n = 0; n < g.count; n++) {
    const key = groupOf(g, n);
    const t = out.get(key) ?? { count: 0, size: 0 };
    t.count += 1;
    t.size += g.selfSize[n]!;
    out.set(key, t);
  }
  return out;
}

/** Per-group counts and self sizes, before and after, the top growers by self size first. */
export function diffHeapSnapshots(before: HeapGraph, after: HeapGraph, top = 15, pathsPerGroup = 3): GroupDelta[] {
  const a = tally(before);
  const b = tally(after);
  const deltas: GroupDelta[] = [...new Set([...a.keys(), ...b.keys()])].map((group) => ({
    group,
    countBefore: a.get(group)?.count ?? 0,
    countAfter: b.get(group)?.count ?? 0,
    sizeBefore: a.get(group)?.size ?? 0,
    sizeAfter: b.get(group)?.size ?? 0,
    added: 0,
    addedSize: 0,
    paths: [],
  }));
  deltas.sort((x, y) => y.sizeAfter - y.sizeBefore - (x.sizeAfter - x.sizeBefore) || y.countAfter - y.countBefore - (x.countAfter - x.countBefore));
  const growers = deltas.filter((d) => d.sizeAfter > d.sizeBefore || d.countAfter > d.countBefore).slice(0, top);
  const byGroup = new Map(growers.map((d) => [d.group, d]));
  const known = new Set<number>();
  for (let n = 0; n < before.count; n++) known.add(before.ids[n]!);
  const tree = retainerTree(after);
  const pathCounts = new Map<string, Map<string, number>>();
  for (let n = 0; n < after.count; n++) {
    if (known.has(after.ids[n]!)) continue;
    const d = byGroup.get(groupOf(after, n));
    if (!d) continue;
    d.added += 1;
    d.addedSize += after.selfSize[n]!;
    // Path labels carry no ids, so a thousand entries of one leaking list collapse into one line.
    const path = retainerPath(after, tree, n);
    const counts = pathCounts.get(d.group) ?? new Map<string, number>();
    counts.set(path, (counts.get(path) ?? 0) + 1);
    pathCounts.set(d.group, counts);
  }
  for (const d of growers) {
    d.paths = [...(pathCounts.get(d.group) ?? new Map<string, number>()).entries()]
      .map(([path, count]) => ({ path, count }))
      .sort((x, y) => y.count - x.count)
      .slice(0, pathsPerGroup);
  }
  return growers;
}

export function formatHeapDiff(deltas: readonly GroupDelta[], totals: { before: number; after: number }): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  const lines = [`total self size: ${kb(totals.before)} → ${kb(totals.after)} (${totals.after >= totals.before ? '+' : ''}${kb(totals.after - totals.before)})`, ''];
  for (const d of deltas) {
    lines.push(`${d.group}: ${d.countBefore} → ${d.countAfter} objects (${d.countAfter - d.countBefore >= 0 ? '+' : ''}${d.countAfter - d.countBefore}), ${kb(d.sizeBefore)} → ${kb(d.sizeAfter)}; ${d.added} new (${kb(d.addedSize)})`);
    for (const p of d.paths) lines.push(`    ${String(p.count).padStart(6)} × ${p.path}`);
  }
  return lines.join('\n');
}

function totalSize(g: HeapGraph): number {
  let sum = 0;
  for (let n = 0; n < g.count; n++) sum += g.selfSize[n]!;
  return sum;
}

export function summariseHeapSnapshotFiles(beforePath: string, afterPath: string, top = 15): string {
  const read = (path: string) => parseHeapSnapshot(JSON.parse(readFileSync(path, 'utf8')));
  const before = read(beforePath);
  const after = read(afterPath);
  return formatHeapDiff(diffHeapSnapshots(before, after, top), { before: totalSize(before), after: totalSize(after) });
}

if (process.argv[1]?.endsWith('heap-snapshot-diff.ts')) {
  const [beforePath, afterPath] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const at = process.argv.indexOf('--top');
  if (!beforePath || !afterPath) {
    console.error('usage: npx tsx scripts/bench/heap-snapshot-diff.ts before.heapsnapshot after.heapsnapshot [--top 15]');
    process.exit(2);
  }
  console.log(summariseHeapSnapshotFiles(beforePath, afterPath, at >= 0 ? Number(process.argv[at + 1]) || 15 : 15));
}
