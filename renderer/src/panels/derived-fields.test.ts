import { describe, expect, it } from 'vitest';
import { compileDerivedFields, derivedLinks, derivedUrl } from './derived-fields';
import { unsafeRegexReason } from '../../../shared/logs/safe-regex';
import { textSegments } from '../../../shared/logs/text-segments';

const WHERE = 'Logs panel "Errors"';

describe('derived fields', () => {
  it('turn matches into links, with the first capture group encoded into the template', () => {
    const { rules, problems } = compileDerivedFields([{ name: 'Order', regex: 'order=(\\S+)', urlTemplate: 'https://shop.example/orders/${__value.raw}' }], WHERE);
    expect(problems).toEqual([]);
    const text = 'paid order=A/1?x and order=B2';
    expect(derivedLinks(text, rules)).toEqual([
      { start: 5, end: 16, name: 'Order', url: 'https://shop.example/orders/A%2F1%3Fx' },
      { start: 21, end: 29, name: 'Order', url: 'https://shop.example/orders/B2' },
    ]);
  });

  it('refuse a javascript: (or any non-http) template, and say so', () => {
    const { rules, problems } = compileDerivedFields(
      [
        { name: 'Evil', regex: 'id=(\\d+)', urlTemplate: 'javascript:alert(${__value.raw})' },
        { name: 'Data', regex: 'id=(\\d+)', urlTemplate: 'data:text/html,${__value.raw}' },
      ],
      WHERE,
    );
    expect(rules).toEqual([]);
    expect(problems).toEqual([
      'Logs panel "Errors": derived field "Evil": its urlTemplate uses "javascript:", and only http: and https: links are made. It was left out.',
      'Logs panel "Errors": derived field "Data": its urlTemplate uses "data:", and only http: and https: links are made. It was left out.',
    ]);
    expect(derivedUrl('javascript:${__value.raw}', '1')).toBeUndefined();
  });

  it('refuse a catastrophic-backtracking regex before it runs, and an invalid one, each in words', () => {
    const { rules, problems } = compileDerivedFields(
      [
        { name: 'Hostile', regex: '(a+)+$', urlTemplate: 'https://x.example/${__value.raw}' },
        { name: 'Broken', regex: '(unclosed', urlTemplate: 'https://x.example/${__value.raw}' },
        { name: 'Empty', regex: 'x*', urlTemplate: 'https://x.example/${__value.raw}' },
        { name: 'Relative', regex: 'x', urlTemplate: '/orders/${__value.raw}' },
        { regex: 'x' },
      ],
      WHERE,
    );
    expect(rules).toEqual([]);
    expect(problems[0]).toBe('Logs panel "Errors": derived field "Hostile": The pattern /(a+)+$/ is refused: a repeated group holds a repetition or alternative of its own (like (a+)+), which can take exponential time. It was left out.');
    expect(problems[1]).toMatch(/^Logs panel "Errors": derived field "Broken": The pattern \/\(unclosed\/ is not a valid regular expression: .+\. It was left out\.$/);
    expect(problems[2]).toBe('Logs panel "Errors": derived field "Empty": The pattern /x*/ matches empty text, so it would match every line; make it match at least one character. It was left out.');
    expect(problems[3]).toBe('Logs panel "Errors": derived field "Relative": its urlTemplate "/orders/${__value.raw}" is not an absolute URL. It was left out.');
    expect(problems[4]).toBe('Logs panel "Errors": derived field 5 needs a name, a regex and a urlTemplate (name: Invalid input: expected string, received undefined); it was left out.');
    expect(compileDerivedFields({ not: 'a list' }, WHERE).problems).toEqual(['Logs panel "Errors": derivedFields must be a list of { name, regex, urlTemplate }; no links were made.']);
  });

  it('finish quickly on a hostile line even with a permitted regex', () => {
    const { rules } = compileDerivedFields([{ name: 'Id', regex: 'id=(\\w+)', urlTemplate: 'https://x.example/${__value.raw}' }], WHERE);
    const line = `${'id=a '.repeat(100_000)}`;
    const started = performance.now();
    const links = derivedLinks(line, rules);
    expect(performance.now() - started).toBeLessThan(200);
    // At most 20 links a line, and only the first 4,000 characters are read.
    expect(links).toHaveLength(20);
  });

  it('knows the nested-repetition shapes from the safe ones', () => {
    expect(unsafeRegexReason('(a|aa)*')).toMatch(/exponential/);
    expect(unsafeRegexReason('(x\\d+)*y')).toMatch(/exponential/);
    expect(unsafeRegexReason('(\\w)\\1')).toMatch(/back-references/);
    expect(unsafeRegexReason('order=([A-Z]{2}-\\d+)')).toBeUndefined();
    expect(unsafeRegexReason('[(+)]+')).toBeUndefined();
    expect(unsafeRegexReason('(ab)+c')).toBeUndefined();
  });
});

describe('a line cut into runs of links and search hits', () => {
  it('marks hits inside links and outside them', () => {
    const links = [{ start: 4, end: 12, name: 'Order', url: 'https://x.example/1' }];
    expect(textSegments('see order=12 now order', links, [[6, 11], [17, 22]])).toEqual([
      { text: 'see ', mark: false },
      { text: 'or', mark: false, link: { name: 'Order', url: 'https://x.example/1' } },
      { text: 'der=1', mark: true, link: { name: 'Order', url: 'https://x.example/1' } },
      { text: '2', mark: false, link: { name: 'Order', url: 'https://x.example/1' } },
      { text: ' now ', mark: false },
      { text: 'order', mark: true },
    ]);
    expect(textSegments('plain', [], [])).toEqual([{ text: 'plain', mark: false }]);
  });
});
