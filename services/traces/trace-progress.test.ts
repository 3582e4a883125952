import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared';
import type { ClientSession } from '../core/client';
import { TRACE_PROGRESS_EVERY_MS, traceProgressTo } from './trace-progress';

function console_() {
  const sent: EventEnvelope[] = [];
  const client: ClientSession = { id: 'c1', host: 'web', send: (event) => void sent.push(event) };
  return { client, sent };
}

describe('traceProgressTo', () => {
  it('sends traceProgress under the caller’s id: each new phase at once, bytes within a phase at most every 100 ms', () => {
    const { client, sent } = console_();
    let now = 1000;
    const report = traceProgressTo(client, 'open-1', () => now)!;
    report({ phase: 'asking', receivedBytes: 0 });
    report({ phase: 'receiving', receivedBytes: 0, totalBytes: 900 });
    now += 10;
    report({ phase: 'receiving', receivedBytes: 300, totalBytes: 900 });
    now += TRACE_PROGRESS_EVERY_MS;
    report({ phase: 'receiving', receivedBytes: 600, totalBytes: 900 });
    now += 1;
    report({ phase: 'reading', receivedBytes: 900, totalBytes: 900 });
    expect(sent.map((e) => e.event)).toEqual(['traceProgress', 'traceProgress', 'traceProgress', 'traceProgress']);
    expect(sent.map((e) => e.payload)).toEqual([
      { progressId: 'open-1', phase: 'asking', receivedBytes: 0 },
      { progressId: 'open-1', phase: 'receiving', receivedBytes: 0, totalBytes: 900 },
      { progressId: 'open-1', phase: 'receiving', receivedBytes: 600, totalBytes: 900 },
      { progressId: 'open-1', phase: 'reading', receivedBytes: 900, totalBytes: 900 },
    ]);
  });

  it('tells nothing when the caller gave no id', () => {
    expect(traceProgressTo(console_().client, undefined)).toBeUndefined();
  });
});
