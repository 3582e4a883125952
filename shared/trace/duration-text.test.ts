import { describe, expect, it } from 'vitest';
import { parseDurationText } from './duration-text';

const us = (text: string) => {
  const parsed = parseDurationText(text);
  return parsed.ok ? parsed.us : parsed.problem;
};

describe('parseDurationText', () => {
  it('reads every unit, with decimals, in any case and with spaces; a bare number is milliseconds', () => {
    expect(us('800us')).toBe(800);
    expect(us('800µs')).toBe(800);
    expect(us('250ms')).toBe(250_000);
    expect(us('1.5s')).toBe(1_500_000);
    expect(us('2m')).toBe(120_000_000);
    expect(us('1h')).toBe(3_600_000_000);
    expect(us(' 2 M ')).toBe(120_000_000);
    expect(us('1.5S')).toBe(1_500_000);
    expect(us('.5s')).toBe(500_000);
    expect(us('40')).toBe(40_000);
    expect(us('0')).toBe(0);
    expect(us('+3ms')).toBe(3_000);
  });

  it('rounds to whole microseconds, the unit of span durations', () => {
    expect(us('0.0004ms')).toBe(0);
    expect(us('1.0006ms')).toBe(1_001);
    expect(us('0.1us')).toBe(0);
  });

  it('says which of empty, negative, unreadable or absurdly long the text is, with examples to type', () => {
    expect(parseDurationText('  ')).toEqual({ ok: false, problem: 'empty', message: 'No duration was given: write 250ms, 1.5s or 800us' });
    expect(parseDurationText('-1s')).toEqual({ ok: false, problem: 'negative', message: '"-1s" is negative: a duration is zero or more, e.g. 250ms' });
    expect(parseDurationText(' fast ')).toEqual({ ok: false, problem: 'garbage', message: '"fast" is not a duration: write 250ms, 1.5s or 800us' });
    expect(parseDurationText('1e9s')).toMatchObject({ ok: false, problem: 'garbage' });
    expect(parseDurationText('5 sec')).toMatchObject({ ok: false, problem: 'garbage' });
    expect(parseDurationText('1.2.3s')).toMatchObject({ ok: false, problem: 'garbage' });
    expect(parseDurationText('1d')).toMatchObject({ ok: false, problem: 'garbage' });
    expect(parseDurationText('9'.repeat(400))).toMatchObject({ ok: false, problem: 'too-long', message: `"${'9'.repeat(400)}" is longer than a thousand years: write 250ms, 1.5s or 800us` });
    expect(us('-0s')).toBe(0);
  });
});
