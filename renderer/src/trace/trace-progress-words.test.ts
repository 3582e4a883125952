import { describe, expect, it } from 'vitest';
import { traceProgressFraction, traceProgressWords } from './trace-progress-words';

describe('trace open progress in words', () => {
  it('says which step the open is at and how much of the answer is in', () => {
    expect(traceProgressWords(undefined)).toBe('Loading trace… waiting for the trace store to answer');
    expect(traceProgressWords({ phase: 'asking', receivedBytes: 0 })).toBe('Loading trace… waiting for the trace store to answer');
    expect(traceProgressWords({ phase: 'receiving', receivedBytes: 12_400_000, totalBytes: 33_700_000 })).toBe('Loading trace… 12.4 MB of 33.7 MB received');
    expect(traceProgressWords({ phase: 'receiving', receivedBytes: 420_000 })).toBe('Loading trace… 420 kB received so far');
    expect(traceProgressWords({ phase: 'reading', receivedBytes: 33_700_000, totalBytes: 33_700_000 })).toBe('Loading trace… all 33.7 MB received; reading the spans');
    expect(traceProgressWords({ phase: 'sending', receivedBytes: 33_700_000 })).toBe('Loading trace… read; laying out the waterfall');
  });

  it('fills the bar only where the size is known', () => {
    expect(traceProgressFraction(undefined)).toBeUndefined();
    expect(traceProgressFraction({ phase: 'asking', receivedBytes: 0 })).toBeUndefined();
    expect(traceProgressFraction({ phase: 'receiving', receivedBytes: 420_000 })).toBeUndefined();
    expect(traceProgressFraction({ phase: 'receiving', receivedBytes: 0, totalBytes: 0 })).toBeUndefined();
    expect(traceProgressFraction({ phase: 'receiving', receivedBytes: 25, totalBytes: 100 })).toBe(0.25);
    // More than announced (a server that miscounts) never overfills.
    expect(traceProgressFraction({ phase: 'receiving', receivedBytes: 150, totalBytes: 100 })).toBe(1);
    expect(traceProgressFraction({ phase: 'reading', receivedBytes: 100 })).toBe(1);
    expect(traceProgressFraction({ phase: 'sending', receivedBytes: 100 })).toBe(1);
  });
});
