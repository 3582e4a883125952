import { describe, expect, it } from 'vitest';
import { diffHeapSnapshots, parseHeapSnapshot } from './heap-snapshot-diff';

/**
 * A snapshot in V8's flat format, small enough to read: nodes are
 * [type, name, id, self_size, edge_count], edges [type, name_or_index, to_node × 5].
 */
function snapshot(nodes: [type: number, name: string, id: number, size: number, edges: [type: number, name: string | number, to: number][]][]) {
  const strings: string[] = [];
  const str = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  return {
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
        node_types: [['hidden', 'array', 'string', 'object', 'code', 'closure']],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak']],
      },
    },
    nodes: nodes.flatMap(([type, name, id, size, edges]) => [type, str(name), id, size, edges.length]),
    edges: nodes.flatMap(([, , , , edges]) => edges.flatMap(([type, name, to]) => [type, typeof name === 'number' ? name : str(name), to * 5])),
    strings,
  };
}

const OBJECT = 3;
const PROPERTY = 2;
const ELEMENT = 1;
const WEAK = 6;

describe('heap snapshot diff', () => {
  const before = snapshot([
    [0, '', 1, 0, [[PROPERTY, 'window', 1]]],
    [OBJECT, 'Window', 3, 100, [[PROPERTY, 'cache', 2]]],
    [OBJECT, 'Map', 5, 40, [[ELEMENT, 0, 3]]],
    [OBJECT, 'Entry', 7, 24, []],
  ]);
  // Two more Entries held by the Map, and one only weakly held (it does not retain).
  const after = snapshot([
    [0, '', 1, 0, [[PROPERTY, 'window', 1]]],
    [OBJECT, 'Window', 3, 100, [[PROPERTY, 'cache', 2], [WEAK, 'ghost', 6]]],
    [OBJECT, 'Map', 5, 40, [[ELEMENT, 0, 3], [ELEMENT, 1, 4], [ELEMENT, 2, 5]]],
    [OBJECT, 'Entry', 7, 24, []],
    [OBJECT, 'Entry', 9, 24, []],
    [OBJECT, 'Entry', 11, 24, []],
    [OBJECT, 'Ghost', 13, 8, []],
  ]);

  it('counts the growers by constructor and names the path that retains the new objects', () => {
    const deltas = diffHeapSnapshots(parseHeapSnapshot(before), parseHeapSnapshot(after));
    const entry = deltas.find((d) => d.group === 'Entry')!;
    expect(entry).toMatchObject({ countBefore: 1, countAfter: 3, sizeBefore: 24, sizeAfter: 72, added: 2, addedSize: 48 });
    expect(entry.paths).toEqual([
      { path: '.window Window .cache Map [1] Entry', count: 1 },
      { path: '.window Window .cache Map [2] Entry', count: 1 },
    ]);
    expect(deltas[0]!.group).toBe('Entry');
    const ghost = deltas.find((d) => d.group === 'Ghost')!;
    expect(ghost.paths).toEqual([{ path: '(unreachable from the roots: collected at the next GC)', count: 1 }]);
    expect(deltas.find((d) => d.group === 'Map')).toBeUndefined();
  });

  it('folds a linked list into one path, so its members count as one retainer', () => {
    const listOf = (length: number) =>
      snapshot([
        [0, '', 1, 0, [[PROPERTY, 'window', 1]]],
        [OBJECT, 'Window', 3, 100, [[PROPERTY, 'queue', 2]]],
        ...Array.from({ length }, (_, i): Parameters<typeof snapshot>[0][number] => [OBJECT, 'Link', 5 + 2 * i, 16, i < length - 1 ? [[PROPERTY, 'next', 3 + i]] : []]),
      ]);
    const [link] = diffHeapSnapshots(parseHeapSnapshot(listOf(2)), parseHeapSnapshot(listOf(6)));
    expect(link).toMatchObject({ group: 'Link', countBefore: 2, countAfter: 6, added: 4 });
    // The 4th to 6th links, three or more `.next` deep, share one folded path; the 3rd is two deep, shown as is.
    expect(link!.paths).toEqual([
      { path: '.window Window .queue Link (.next Link)×…', count: 3 },
      { path: '.window Window .queue Link .next Link .next Link', count: 1 },
    ]);
  });

  it('refuses a file whose nodes and edges disagree', () => {
    const broken = { ...after, edges: after.edges.slice(0, 3) };
    expect(() => parseHeapSnapshot(broken)).toThrow('the heap snapshot\'s nodes claim 6 edges but it holds 1; the file is truncated or corrupt');
  });
});
