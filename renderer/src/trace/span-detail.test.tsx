import { readFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { layoutTrace } from '../../../shared/trace/layout';
import { normalizeOtlp } from '../../../shared/trace/otlp';
import { normalizeZipkin } from '../../../shared/trace/zipkin';
import { SpanDetail } from './SpanDetail';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/testdata/trace/${name}`, import.meta.url), 'utf8'));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/\s+/g, ' ');

describe('the span detail', () => {
  it('shows an error beside an HTTP 504 the span called OK, with its version and host (Tempo PARTIAL answer)', () => {
    const layout = layoutTrace(normalizeOtlp(fixture('tempo-v2-partial-built.json'))[0]!);
    const html = text(renderToStaticMarkup(<SpanDetail layout={layout} spanIndex={0} color="red" />));
    expect(html).toContain('Status error: HTTP 504 (the span reported ok)');
    expect(html).toContain('Version 2.4.1');
    expect(html).toContain('Host lock-7f9c');
    const producer = text(renderToStaticMarkup(<SpanDetail layout={layout} spanIndex={1} color="red" />));
    expect(producer).toContain('Duration unfinished: no end was reported');
    expect(producer).toContain('Version 2.4.1');
  });

  it('names a server receipt\'s parent as the client half, says there were five, and reports no version when none came (smartthings excerpt)', () => {
    const layout = layoutTrace(normalizeZipkin(fixture('smartthings-excerpt.json')));
    const index = layout.spans.findIndex((s) => s.spanId === 'cbab506b53f336fc:server3');
    const html = text(renderToStaticMarkup(<SpanDetail layout={layout} spanIndex={index} color="red" />));
    expect(html).toContain('Span id cbab506b53f336fc Parent the client half of this call in bouncer ("send iot-events360"), which reported the same span id');
    expect(html).toContain('Version not reported');
    expect(html).toContain('Host 10.6.88.250:8197');
    expect(html).toContain('one of 5 server receipts of call cbab506b53f336fc');
    expect(html).toContain('Status unset');
  });
});
