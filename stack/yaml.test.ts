import { describe, expect, it } from 'vitest';
import { toYaml } from './yaml';

describe('toYaml', () => {
  it('writes nested mappings and sequences in block style', () => {
    expect(toYaml({ a: { b: [1, { c: 'x', d: [true] }] }, e: [], f: {} })).toBe(
      ['a:', '  b:', '    - 1', '    - c: "x"', '      d:', '        - true', 'e: []', 'f: {}', ''].join('\n'),
    );
  });

  it('quotes every string, so PromQL and templates cannot break the YAML', () => {
    const yaml = toYaml({ expr: 'a{b="c"} > 0.05 # not a comment', summary: '{{ $labels.service }}: "x"\nnext' });
    expect(yaml).toBe('expr: "a{b=\\"c\\"} > 0.05 # not a comment"\nsummary: "{{ $labels.service }}: \\"x\\"\\nnext"\n');
  });

  it('quotes keys that are not plain words and leaves out undefined values', () => {
    expect(toYaml({ 'a b': 1, c: undefined, 'x.y-z': 2 })).toBe('"a b": 1\nx.y-z: 2\n');
  });

  it('refuses numbers YAML cannot carry', () => {
    expect(() => toYaml({ a: NaN })).toThrow(/NaN/);
  });
});
