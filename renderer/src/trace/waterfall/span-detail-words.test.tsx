import { readFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../../../shared/model/traces';
import { layoutTrace } from '../../../../shared/trace/layout';
import { normalizeZipkin } from '../../../../shared/trace/zipkin';
import { SpanDetail } from '../SpanDetail';
import { SpanLogs } from './SpanLogs';
import { findSpanIndex, rpcSplitLine, sortedAttributes } from './span-detail-words';
import { skewNotes } from './span-flags';
import { traceFileName, traceJson } from './trace-json';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');
// Recorded Zipkin payloads, see shared/testdata/trace/README.md.
const zipkin = (name: string) => layoutTrace(normalizeZipkin(JSON.parse(readFileSync(new URL(`../../../../shared/testdata/trace/${name}`, import.meta.url), 'utf8'))));
const span = (extra: Partial<Span>): Span => ({ spanId: 's', service: 'svc', operation: 'op', kind: 'server', resource: 0, start: 0, duration: 1, attributes: {}, events: [], status: { code: 'unset' }, ...extra });

describe('span detail words', () => {
  it('says the RPC split on one line, marking parts the clocks disagree on', () => {
    expect(rpcSplitLine({ networkOut: 2500, server: 812_000, networkBack: 1100, clientTotal: 815_600 })).toBe('network out 2.50 ms · server 812.0 ms · network back 1.10 ms');
    expect(rpcSplitLine({ server: 50, networkBack: 0, clamped: ['networkBack'] })).toBe('server 50 µs · network back 0 µs (clocks disagree)');
    expect(rpcSplitLine({ clientTotal: 40 })).toBeUndefined();
    expect(rpcSplitLine(undefined)).toBeUndefined();
  });

  it('sorts attributes by key and narrows them by key or value', () => {
    const attrs = { 'http.url': '/a', 'db.system': 'mysql', 'http.method': 'GET' };
    expect(sortedAttributes(attrs, '').map(([k]) => k)).toEqual(['db.system', 'http.method', 'http.url']);
    expect(sortedAttributes(attrs, 'MYSQL')).toEqual([['db.system', 'mysql']]);
    expect(sortedAttributes(attrs, 'http.m')).toEqual([['http.method', 'GET']]);
  });

  it('finds a linked span by row id, then by the id the backend reported', () => {
    const spans = [span({ spanId: 'a' }), span({ spanId: 'b:server', reportedId: 'b' })];
    expect(findSpanIndex(spans, 'a')).toBe(0);
    expect(findSpanIndex(spans, 'b')).toBe(1);
    expect(findSpanIndex(spans, 'c')).toBe(-1);
  });

  it('flags the spans clock-skew correction moved (skew.json)', () => {
    const layout = zipkin('skew.json');
    const flagged = layout.spans.filter((s) => skewNotes(s).length > 0).map((s) => `${s.service} ${s.operation}`);
    expect(flagged.sort()).toEqual(['serviceb async', 'serviceb post']);
    expect(skewNotes(span({ notes: ['one of 5 server receipts of call x'] }))).toEqual([]);
  });

  it('exports the normalised trace with a safe file name', () => {
    const layout = zipkin('skew.json');
    const parsed = JSON.parse(traceJson(layout)) as { traceId: string; spans: unknown[] };
    expect(parsed.traceId).toBe(layout.traceId);
    expect(parsed.spans).toHaveLength(layout.spans.length);
    expect(traceFileName('../ab:cd')).toBe('trace-abcd.json');
  });
});

describe('the span detail with logs and the split', () => {
  const layout = zipkin('yelp.json');
  const index = layout.spans.findIndex((s) => s.service === 'spectre');

  it('shows the split without hovering and escapes attribute values', () => {
    const html = renderToStaticMarkup(<SpanDetail layout={layout} spanIndex={index} color="red" />);
    expect(text(html)).toContain('network out 740 µs · server 1.49 ms · network back 770 µs');
    const evil = layoutTrace({ traceId: 't', spans: [span({ attributes: { note: '<img src=x onerror=alert(1)>' } })], resources: [], warnings: [] });
    expect(renderToStaticMarkup(<SpanDetail layout={evil} spanIndex={0} color="red" />)).not.toContain('<img');
  });

  it('says "none" only once the log query answered, and the reason when it failed', () => {
    const s = layout.spans[index]!;
    expect(text(renderToStaticMarkup(<SpanLogs logs={{ state: 'loading' }} span={s} />))).toContain('looking for log lines with this trace id');
    expect(text(renderToStaticMarkup(<SpanLogs logs={{ state: 'none' }} span={s} />))).toContain('none: no log line carries this trace id');
    expect(text(renderToStaticMarkup(<SpanLogs logs={{ state: 'failed', reason: 'Loki at http://loki:3100 answered 502' }} span={s} />))).toContain(
      "couldn't read logs: Loki at http://loki:3100 answered 502",
    );
    const lines = [
      { time: 1, level: 'error' as const, message: 'spectre failed', labels: {}, service: 'spectre' },
      { time: 2, level: 'info' as const, message: 'routing ok', labels: {}, service: 'routing' },
    ];
    const own = text(renderToStaticMarkup(<SpanLogs logs={{ state: 'lines', lines }} span={s} />));
    expect(own).toContain('1 from spectre · 2 in the trace');
    expect(own).toContain('spectre failed');
    expect(own).not.toContain('routing ok');
  });
});
