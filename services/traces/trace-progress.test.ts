import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared';
import type { ClientSession } from '../core/client';
import type { TraceFetchProgress } from '../../shared/api/trace-progress';
import { encodeTraceColumns } from '../../shared/trace/columns-codec';
import { generateTrace } from '../../shared/trace/generate';
import { normalizeZipkin } from '../../shared/trace/zipkin';
import { columnsWithHead, TRACE_PROGRESS_EVERY_MS, traceProgressTo } from './trace-progress';

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

describe('columnsWithHead', () => {
  const columnsOf = (spans: number) => encodeTraceColumns(normalizeZipkin(generateTrace({ spans, seed: 8 })));

  it('passes the fetch’s progress on, then says `sending` with the first rows of a large trace before handing the columns back', async () => {
    const told: TraceFetchProgress[] = [];
    const columns = columnsOf(1_000);
    const got = await columnsWithHead(async (report) => {
      report({ phase: 'receiving', receivedBytes: 10, totalBytes: 40 });
      report({ phase: 'reading', receivedBytes: 40, totalBytes: 40 });
      // Nothing about the end is told before the columns exist.
      expect(told.map((p) => p.phase)).toEqual(['receiving', 'reading']);
      return columns;
    }, (p) => told.push(p));
    expect(got).toBe(columns);
    expect(told.map((p) => p.phase)).toEqual(['receiving', 'reading', 'sending']);
    const last = told.at(-1)!;
    expect(last).toMatchObject({ receivedBytes: 40, totalBytes: 40 });
    expect(last.head?.spanCount).toBe(1_000);
    // As it travels: base64 text, not typed arrays (which JSON would turn into objects).
    expect(typeof last.head?.columns.start).toBe('string');
  });

  it('opens the trace without first rows where cutting them fails', async () => {
    const told: TraceFetchProgress[] = [];
    // Columns the head cannot be cut from (no string table): the trace is still handed back.
    const broken = { ...columnsOf(1_000), strings: undefined as unknown as string[] };
    await expect(columnsWithHead(async () => broken, (p) => told.push(p))).resolves.toBe(broken);
    expect(told).toEqual([{ phase: 'sending', receivedBytes: 0 }]);
  });

  it('sends no first rows for a trace that fits on a screen', async () => {
    const told: TraceFetchProgress[] = [];
    await columnsWithHead(async () => columnsOf(50), (p) => told.push(p));
    expect(told).toEqual([{ phase: 'sending', receivedBytes: 0 }]);
  });
});
