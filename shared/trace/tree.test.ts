import { describe, expect, it } from 'vitest';
import { treeOfParents } from './tree';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** What the tree must hold, by the plainest means: each list is its spans sorted by start (whole microseconds), ties by index. */
function reference(parent: Int32Array, start: Float64Array): { roots: number[]; children: number[][] } {
  const n = parent.length;
  const finite = start.every(Number.isFinite);
  const min = finite ? Math.min(...start) : 0;
  const key = (i: number) => (finite ? Math.floor(start[i]! - min) : start[i]!);
  const byStart = (a: number, b: number) => key(a) - key(b) || a - b;
  const roots: number[] = [];
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i += 1) (parent[i]! < 0 ? roots : children[parent[i]!]!).push(i);
  return { roots: roots.sort(byStart), children: children.map((list) => list.sort(byStart)) };
}

function lists(tree: ReturnType<typeof treeOfParents>): { roots: number[]; children: number[][] } {
  const children: number[][] = [];
  for (let i = 0; i + 1 < tree.childStart.length; i += 1) children.push([...tree.children.subarray(tree.childStart[i]!, tree.childStart[i + 1]!)]);
  return { roots: [...tree.roots], children };
}

/** A random forest: parents always earlier (no cycles), some nodes with 40+ children, starts with ties and fractions. */
function forest(n: number, seed: number, wide: boolean): { parent: Int32Array; start: Float64Array } {
  const next = random(seed);
  const parent = new Int32Array(n);
  const start = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    parent[i] = i === 0 || next() < 0.05 ? -1 : wide && next() < 0.5 ? Math.floor(next() * Math.min(i, 3)) : Math.floor(next() * i);
    // Whole microseconds, many equal, some with fractions that fall on the same whole microsecond.
    start[i] = 1_700_000_000_000_000 + Math.floor(next() * 50) + (next() < 0.2 ? 0.25 : 0);
  }
  return { parent, start };
}

describe('treeOfParents', () => {
  it.each([
    [10, 1, false],
    [200, 2, false],
    [2_000, 3, true],
    [5_000, 4, true],
  ])('sorts every list by start, ties by index, as a plain sort would (%i spans, seed %i, wide %s)', (n, seed, wide) => {
    const { parent, start } = forest(n, seed, wide);
    const tree = treeOfParents(Int32Array.from(parent), start, String, []);
    expect(lists(tree)).toEqual(reference(parent, start));
  });

  it('keeps a list that is already in order as it is, and sorts a reversed one of 100 children', () => {
    const n = 101;
    const parent = new Int32Array(n).fill(0);
    parent[0] = -1;
    const start = new Float64Array(n);
    for (let i = 1; i < n; i += 1) start[i] = 1_000 - i;
    expect(lists(treeOfParents(parent, start, String, [])).children[0]).toEqual([...Array(100).keys()].map((k) => 100 - k));
    for (let i = 1; i < n; i += 1) start[i] = i;
    expect(lists(treeOfParents(Int32Array.from(parent).fill(0, 1), start, String, [])).children[0]).toEqual([...Array(100).keys()].map((k) => k + 1));
  });

  it('orders spans whose start is not a finite number (a missing timestamp) without packing them', () => {
    const parent = Int32Array.from([-1, 0, 0, 0, -1]);
    const start = Float64Array.from([5, 3, 1, 2, 4]);
    expect(lists(treeOfParents(Int32Array.from(parent), start, String, []))).toEqual(reference(parent, start));
    start[1] = Number.NaN;
    const tree = treeOfParents(Int32Array.from(parent), start, String, []);
    // The span without a start is still listed once under its parent.
    expect([...tree.children].sort()).toEqual([1, 2, 3]);
    expect([...tree.roots]).toEqual([4, 0]);
  });

  it('cuts a loop of parents and says so', () => {
    const parent = Int32Array.from([1, 2, 0, 0]);
    const warnings: string[] = [];
    const tree = treeOfParents(parent, Float64Array.from([3, 1, 2, 4]), (i) => `s${i}`, warnings);
    expect([...tree.roots]).toEqual([1]);
    expect(warnings).toEqual(["spans s0 → s1 → s2 are each other's ancestors; the loop was cut at s1"]);
  });
});
