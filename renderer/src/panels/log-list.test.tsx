import { createRef } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { compileDerivedFields } from './derived-fields';
import { NO_FILTER, parseLogSearch } from '../../../shared/logs/log-filter';
import type { LogLevel, LogLine } from '../../../shared/model/logs';
import { LogRing } from '../store/log-ring';
import { FilteredLines } from './filtered-lines';
import { DETAIL_PX, ROW_PX, rowPxFor } from './LogList';
import { LogRow } from './LogRows';
import { LogsExplorer } from './LogsExplorer';
import { listWindow } from './log-window';

const LEVELS: LogLevel[] = ['info', 'info', 'warn', 'error'];
const l = (n: number): LogLine => ({ time: 1_700_000_000_000 + n, nanos: String(n), level: LEVELS[n % 4]!, message: `request ${n} handled`, service: `svc-${n % 3}`, labels: {} });
const ringOf = (count: number, capacity = count) => {
  const ring = new LogRing(capacity);
  ring.push(Array.from({ length: count }, (_, i) => l(i)));
  return ring;
};
const rowsIn = (html: string) => html.match(/data-testid="log-line"/g)?.length ?? 0;

describe('the windowed log list', () => {
  it('puts only the rows in view (and a few more) in the page, whatever the count', () => {
    const render = (count: number) =>
      renderToStaticMarkup(<LogsExplorer ring={ringOf(count)} ringVersion={1} beforeSeq={Infinity} rules={[]} onOpenTrace={() => undefined} scrollerRef={createRef()} initialHeight={440} />);
    const big = render(50_000);
    // 440 px of 22 px rows is 20 rows, plus the row cut at the bottom edge and 10 rows of overscan.
    expect(rowsIn(big)).toBe(31);
    expect(big).toContain(`style="height:${50_000 * ROW_PX}px;--log-row:${ROW_PX - 1}px"`);
    expect(big).toContain('data-count="50000"');
    // Newest first: the first row is the last line pushed.
    expect(big.indexOf('request 49999 handled')).toBeGreaterThan(-1);
    expect(big).not.toContain('request 49968 handled');
    expect(rowsIn(render(5))).toBe(5);
    // The chips count the whole buffer, not the rows drawn.
    expect(big).toMatch(/data-testid="log-level-error">error <span class="chip__count">12,500<\/span>/);
  });

  it('finds the window with one row expanded', () => {
    expect(listWindow({ count: 1000, row: 20, scrollTop: 0, height: 200, overscan: 0, extra: 100 })).toEqual({ first: 0, last: 11, totalHeight: 20_000 });
    expect(listWindow({ count: 1000, row: 20, scrollTop: 500, height: 200, overscan: 2, expandedIndex: 3, extra: 100 })).toEqual({ first: 18, last: 33, totalHeight: 20_100 });
    expect(listWindow({ count: 1000, row: 20, scrollTop: 90, height: 20, overscan: 0, expandedIndex: 3, extra: 100 })).toEqual({ first: 3, last: 4, totalHeight: 20_100 });
    expect(listWindow({ count: 3, row: 20, scrollTop: 0, height: 500, overscan: 10, extra: 100 })).toEqual({ first: 0, last: 3, totalHeight: 60 });
  });
});

describe('filtered lines over a live ring', () => {
  it('checks only new lines on each update, forgets dropped ones, and holds a reader’s place', () => {
    const ring = new LogRing(8);
    ring.push([0, 1, 2, 3].map(l));
    const errors = new FilteredLines(ring, { ...NO_FILTER, levels: new Set(['error']) });
    errors.update();
    expect(errors.count()).toBe(1);
    expect(errors.lineAt(0)?.message).toBe('request 3 handled');
    ring.push([4, 5, 6, 7, 8, 9, 10, 11].map(l));
    errors.update();
    // 0–3 were dropped (the ring holds 4–11): errors 7 and 11 remain.
    expect([errors.count(), errors.lineAt(0)?.message, errors.lineAt(1)?.message, errors.lineAt(2)]).toEqual([2, 'request 11 handled', 'request 7 handled', undefined]);
    // Paused at seq 8: what arrived from then on is held back.
    expect([errors.count(8), errors.lineAt(0, 8)?.message]).toEqual([1, 'request 7 handled']);
    expect([errors.indexOf(7, 8), errors.indexOf(11, 8), errors.indexOf(11), errors.indexOf(6)]).toEqual([0, -1, 0, -1]);
  });
});

describe('a log row', () => {
  const line: LogLine = { time: 1_700_000_000_000, level: 'error', message: 'order=A17 failed: lock LOCK-9 jammed', service: 'a-service-with-a-very-long-name-indeed', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', labels: {}, fields: { city: 'shanghai' } };
  const { rules } = compileDerivedFields([{ name: 'Order', regex: 'order=(\\w+)', urlTemplate: 'https://shop.example/o/${__value.raw}' }], 'test');
  const row = (expanded: boolean, search = 'lock') =>
    renderToStaticMarkup(<LogRow line={line} top={44} height={expanded ? ROW_PX + DETAIL_PX : ROW_PX} active expanded={expanded} rowId="r" seq={1} look={{ search: parseLogSearch(search), rules, onOpenTrace: () => undefined }} onPick={() => undefined} />);

  it('marks every search hit, links derived fields, keeps the trace link, and gives the full service name on hover', () => {
    const html = row(false);
    expect(html.match(/<mark class="log__hit" data-testid="log-hit">(.*?)<\/mark>/g)).toEqual(['<mark class="log__hit" data-testid="log-hit">lock</mark>', '<mark class="log__hit" data-testid="log-hit">LOCK</mark>']);
    expect(html).toContain('href="https://shop.example/o/A17" target="_blank" rel="noopener noreferrer"');
    expect(html).toContain('data-testid="log-trace-link"');
    expect(html).toContain('title="a-service-with-a-very-long-name-indeed" data-testid="log-service"');
    expect(html).toContain('style="top:44px;height:22px"');
    expect(html).not.toContain('data-testid="log-detail"');
  });

  it('expanded, shows the whole line, its fields and the service in full, with JSON pretty-printed', () => {
    const html = row(true, '');
    expect(html).toContain('data-testid="log-detail"');
    expect(html).toContain('<dt>service</dt><dd><span>a-service-with-a-very-long-name-indeed</span></dd>');
    expect(html).toContain('<dt>city</dt><dd><span>shanghai</span></dd>');
    const json = renderToStaticMarkup(
      <LogRow line={{ ...line, message: '{"msg":"boom","n":1}' }} top={0} height={300} active={false} expanded rowId="r" seq={1} look={{ search: parseLogSearch(''), rules: [], onOpenTrace: () => undefined }} onPick={() => undefined} />,
    );
    expect(json).toContain('data-testid="log-json"><span>{\n  &quot;msg&quot;: &quot;boom&quot;,\n  &quot;n&quot;: 1\n}</span></pre>');
  });
});

describe('chunked recounts over a live ring', () => {
  it('give the same chips and patterns as counting every line, after the ring has dropped lines mid-chunk', async () => {
    const { ChunkedTally } = await import('./chunked-tally');
    const { facetCounts, lineService, mergeFacets } = await import('../../../shared/logs/log-filter');
    const { groupErrors, mergeGroups, partialGroups } = await import('../../../shared/logs/error-groups');
    const ring = new LogRing(2_500);
    const facets = new ChunkedTally(ring, facetCounts);
    const groups = new ChunkedTally(ring, (chunk) => partialGroups(chunk, lineService));
    for (let batch = 0; batch < 9; batch++) {
      ring.push(Array.from({ length: 700 }, (_, i) => l(batch * 700 + i)));
      const all = ring.toArray();
      expect(mergeFacets(facets.parts())).toEqual(facetCounts(all));
      expect(mergeGroups(groups.parts(), { includeWarn: true, services: new Set(['svc-1']) })).toEqual(
        groupErrors(all.filter((x) => x.service === 'svc-1'), { includeWarn: true, serviceOf: lineService }),
      );
    }
    expect(ring.dropped).toBe(9 * 700 - 2_500);
  });
});

describe('rowPxFor', () => {
  it('keeps the desk’s 22 px rows and grows them with a wall’s type, so lines never overlap', () => {
    expect(rowPxFor(11.9)).toBe(ROW_PX);
    expect(rowPxFor(24.48)).toBe(37);
    expect(rowPxFor(Number.NaN)).toBe(ROW_PX);
    expect(rowPxFor(0)).toBe(ROW_PX);
  });
});
