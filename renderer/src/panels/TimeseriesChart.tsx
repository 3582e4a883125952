import { type KeyboardEvent, memo, type RefObject, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimeseriesOptions } from '../../../shared/model/dashboard';
import type { Incident } from '../../../shared/model/incident';
import type { Deployment } from '../../../shared/model/deploy';
import type { Exemplar } from '../../../shared/model/series';
import { axisTicks } from './axis';
import { ChartTooltip, type TooltipEntry } from './ChartTooltip';
import { denseStroke, noPath } from './dense-stroke';
import { type Aligned, type Columns, drawable, stackColumns, toAligned } from './downsample';
import { ExemplarDot } from './ExemplarDot';
import { exemplarLabel } from './exemplar-dots';
import { formatValue } from './format';
import { inLaterFrame } from '../support/frame-queue';
import { useTimeFormat } from '../support/use-time-format';
import { incidentMarks } from './incident-marks';
import { plotArea } from './plot-area';
import { releaseMarks } from './release-marks';
import { type LegendLine, SeriesLegend } from './SeriesLegend';
import { carryOver, isolate, toggle } from './visibility';

export interface ChartLine extends LegendLine {
  /** Which series of `data.ys` this line draws. */
  column: number;
}

export interface TimeseriesChartProps {
  /** For the chart's accessible name: "Service error rate chart". */
  title: string;
  lines: readonly ChartLine[];
  /** Each line's samples (±Inf kept, drawn as gaps), aligned and cut to the plot's pixel width here, once its width is known. */
  columns: readonly Columns[];
  options: TimeseriesOptions;
  /** Exemplar dots already thinned, each with the index of the line it explains. */
  dots: readonly { exemplar: Exemplar; line: number }[];
  incidents: readonly Incident[];
  /** The blue/green deployments: their switches in range are drawn as release markers. */
  deployments: readonly Deployment[];
  wall: boolean;
  onOpenTrace(traceId: string): void;
  /** Called with the plot's width once known, so the caller downsamples to it. */
  onPlotWidth(width: number): void;
}

const EMPTY: Aligned = { xs: [], ys: [] };

/**
 * The plot box's size, from its ResizeObserver: read there, after the browser's own layout,
 * it forces none (a layout effect reading clientWidth laid the whole page out again for each
 * chart that mounted). The first size is applied in a coming frame (support/frame-queue.ts),
 * so a dashboard's charts are built a few per frame; the plot is built once, at that size.
 */
function useBoxSize(): [RefObject<HTMLDivElement | null>, { width: number; height: number }] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    let latest = { width: 0, height: 0 };
    const apply = () => setSize((prev) => (prev.width === latest.width && prev.height === latest.height ? prev : latest));
    let queued: (() => void) | undefined;
    let first = true;
    const observer = new ResizeObserver((entries) => {
      const rect = entries.at(-1)?.contentRect;
      if (!rect) return;
      latest = { width: Math.floor(rect.width), height: Math.floor(rect.height) };
      if (first) {
        first = false;
        // Rendered and drawn within that frame's callback, before its paint.
        queued = inLaterFrame(() => {
          queued = undefined;
          flushSync(apply);
        });
      } else if (!queued) apply();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      queued?.();
    };
  }, []);
  return [ref, size];
}

/**
 * Points the canvas strokes at most per draw, over all series. Stroking cost grows with
 * points, not pixels: 500 series × 1,440 points took over half a second to build and
 * rasterise (scripts/bench/timeseries.ts). Past the budget each series is cut to fewer
 * time buckets; a bucket keeps its lowest and highest sample, so spikes still show.
 */
const POINT_BUDGET = 200_000;
/** Never fewer buckets than this, however many series: a line keeps its shape. */
const MIN_BUCKETS = 150;

/** Time buckets per series: one per pixel column, fewer when that would stroke more than the budget. */
export function drawBuckets(plotWidth: number, seriesCount: number): number {
  const withinBudget = Math.floor(POINT_BUDGET / (2 * Math.max(1, seriesCount)));
  return Math.max(Math.min(MIN_BUCKETS, plotWidth), Math.min(plotWidth, withinBudget));
}

/**
 * Past this many series lines are drawn 1 px wide: Chromium's software canvas strokes a
 * 1 px line as a hairline but a 1.5 px one as a filled outline, and at 500 series that
 * outline rasterising was most of the time to the first chart (scripts/bench/timeseries.ts).
 * A hundred overlapping lines read no worse thinner.
 */
const MANY_SERIES = 50;

/** Pixels between y ticks at least: fewer ticks on a short panel, never crowded labels. */
const TICK_SPACING_PX = 30;

function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/**
 * A time series on canvas (uPlot): thousands of points per series and hundreds of series
 * draw in milliseconds where SVG took seconds. Around the canvas, in the DOM: the legend
 * (every series, isolate/toggle), exemplar dots that open their trace, and the tooltip.
 * The whole chart is one Tab stop; inside it ↑/↓ move through the legend, ←/→ through the
 * exemplar dots, Escape shows every series again.
 */
export const TimeseriesChart = memo(function TimeseriesChart({ title, lines, columns, options, dots, incidents, deployments, wall, onOpenTrace, onPlotWidth }: TimeseriesChartProps) {
  const [boxRef, { width, height }] = useBoxSize();
  const time = useTimeFormat();
  const chartRef = useRef<HTMLDivElement | null>(null);
  const plotRef = useRef<uPlot | null>(null);
  const names = useMemo(() => lines.map((l) => l.name), [lines]);
  const [visibility, setVisibility] = useState<ReadonlyMap<string, boolean>>(new Map());
  const shown = useMemo(() => carryOver(visibility, names), [visibility, names]);
  const setShown = useCallback((next: boolean[]) => setVisibility(new Map(names.map((n, i) => [n, next[i]!]))), [names]);
  const [tabStop, setTabStop] = useState<{ kind: 'legend' | 'dot'; index: number }>({ kind: 'legend', index: 0 });
  const [tooltip, setTooltip] = useState<{ idx: number; left: number; top: number } | null>(null);
  const [dotPositions, setDotPositions] = useState<{ key: string; left: number; top: number }[]>([]);
  const [plotBox, setPlotBox] = useState({ left: 0, top: 0, width: 0, height: 0 });
  const { unit, threshold, stacked } = options;

  const plotWidth = Math.max(50, width - (wall ? 80 : 64));
  useEffect(() => onPlotWidth(plotWidth), [plotWidth, onPlotWidth]);
  // Cut to the plot's pixel columns only once they are known: one pass, one draw.
  const data = useMemo(() => (width > 0 ? toAligned(columns, drawBuckets(plotWidth, columns.length)) : EMPTY), [columns, width, plotWidth]);
  // The samples the chart was given (gaps not counted), so a test can tell every point of a panel arrived (e2e/web/incident-story.spec.ts).
  // Indexed loops: a callback per sample (reduce) cost about 6 ms over 720,000 samples (scripts/bench/timeseries.ts).
  const pointCount = useMemo(() => {
    let count = 0;
    for (let s = 0; s < columns.length; s += 1) {
      const values = columns[s]!.values;
      for (let i = 0; i < values.length; i += 1) if (values[i] !== null) count += 1;
    }
    return count;
  }, [columns]);

  // What the canvas draws: finite values only, stacked when asked, hidden series left out of the stack.
  const drawn = useMemo(() => {
    const columns = lines.map((l) => drawable(data.ys[l.column] ?? []));
    return stacked ? stackColumns(columns, shown) : columns;
  }, [lines, data, stacked, shown]);

  // One unit and round ticks for the y axis, from what is drawn, the threshold and the panel's min/max.
  const ticks = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    // Unstacked and cut: each line's lowest and highest drawn sample were found by the cut (downsample.ts).
    const extents = stacked ? undefined : data.extents;
    if (extents) {
      for (let s = 0; s < lines.length; s += 1) {
        if (!shown[s]) continue;
        const column = lines[s]!.column;
        // NaN (a line with no finite sample) compares false: it widens nothing.
        const low = extents[2 * column]!;
        const high = extents[2 * column + 1]!;
        if (low < lo) lo = low;
        if (high > hi) hi = high;
      }
    }
    // Otherwise indexed loops: this visits every drawn sample (200,000 at 500 series cut to the plot) on each new answer.
    for (let s = 0; s < drawn.length && !extents; s += 1) {
      if (!shown[s]) continue;
      const column = drawn[s]!;
      for (let i = 0; i < column.length; i += 1) {
        const v = column[i];
        if (v === null || v === undefined) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    // The exemplars of shown lines are on the axis too (a slow request is often far above the
    // p95 it belongs to): a dot is never drawn outside the plot, over the panel's header.
    for (const d of dots) {
      if (!shown[d.line] || !Number.isFinite(d.exemplar.value)) continue;
      lo = Math.min(lo, d.exemplar.value);
      hi = Math.max(hi, d.exemplar.value);
    }
    if (stacked && lo > 0) lo = 0;
    if (threshold) {
      lo = Math.min(lo, threshold.value);
      hi = Math.max(hi, threshold.value);
    }
    if (options.min !== undefined) lo = options.min;
    if (options.max !== undefined && (hi === -Infinity || hi <= options.max)) hi = options.max;
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [options.min ?? 0, options.max ?? 1];
    return axisTicks(lo, hi, Math.max(2, Math.floor(Math.max(60, height - 40) / TICK_SPACING_PX)), unit);
  }, [drawn, data, lines, dots, shown, stacked, threshold, options.min, options.max, unit, height]);

  const marks = useMemo(() => incidentMarks(incidents, data.xs[0], data.xs[data.xs.length - 1]), [incidents, data.xs]);
  const releases = useMemo(() => releaseMarks(deployments, data.xs[0], data.xs[data.xs.length - 1]), [deployments, data.xs]);

  // The latest of everything the draw hooks read, so the plot is not rebuilt when it changes.
  const live = useRef({ ticks, threshold, marks, releases, dots, lines, shown, data, drawn });
  live.current = { ticks, threshold, marks, releases, dots, lines, shown, data, drawn };
  // What the plot last drew from: a plot just built already drew this render's data, and
  // drawing 500 × 1,440 points again at once doubled the time to the first chart.
  const applied = useRef<readonly unknown[]>([]);

  const structure = `${lines.map((l) => `${l.name}\u0000${l.color}`).join('\u0001')}|${wall}|${stacked}|${time.zone}`;
  useEffect(() => {
    const box = boxRef.current;
    if (!box || width <= 0 || height <= 0) return;
    const colors = { grid: cssVar(box, '--grid', '#2a323d'), muted: cssVar(box, '--muted', '#8b98a8'), danger: cssVar(box, '--danger', '#ff5c6c'), ok: cssVar(box, '--ok', '#3cc48b'), accent: cssVar(box, '--accent', '#4e9cf5') };
    const font = `${wall ? 16 : 11}px system-ui, sans-serif`;
    const { lines: ls } = live.current;
    // Many unstacked lines: uPlot draws none of them; one hook strokes them batched by colour (dense-stroke.ts).
    const dense = ls.length > MANY_SERIES && !stacked;
    const lineWidth = wall ? 3 : ls.length > MANY_SERIES ? 1 : 1.5;
    const opts: uPlot.Options = {
      width,
      height,
      ms: 1,
      // Ticks fall on whole hours and minutes of the zone the times are read in.
      tzDate: time.zone === 'utc' ? (ts) => uPlot.tzDate(new Date(ts), 'Etc/UTC') : (ts) => new Date(ts),
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false, setScale: false }, focus: { prox: -1 } },
      scales: { x: { time: true }, y: { range: () => [live.current.ticks.min, live.current.ticks.max] } },
      axes: [
        {
          stroke: colors.muted,
          font,
          grid: { show: false },
          ticks: { stroke: colors.grid },
          values: (u, splits) => {
            const span = (u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0);
            return splits.map((v) => time.axis(v, span));
          },
        },
        {
          stroke: colors.muted,
          font,
          size: wall ? 80 : 64,
          grid: { stroke: colors.grid, dash: [2, 4], width: 1 },
          ticks: { show: false },
          splits: () => live.current.ticks.values,
          values: () => live.current.ticks.labels,
        },
      ],
      series: [
        {},
        ...ls.map((l, i) => ({
          label: l.name,
          stroke: l.color,
          width: lineWidth,
          spanGaps: false,
          // The y range comes from the ticks (range above, which ignores uPlot's data min/max): scanning every series again was wasted.
          auto: false,
          points: { show: false },
          show: live.current.shown[i] !== false,
          ...(dense ? { paths: noPath } : {}),
          ...(stacked ? { fill: `color-mix(in srgb, ${l.color} 35%, transparent)` } : {}),
        })),
      ],
      ...(stacked ? { bands: ls.slice(1).map((_, i) => ({ series: [i + 2, i + 1] as [number, number] })) } : {}),
      hooks: {
        drawClear: [
          (u) => {
            // The bad side of the threshold, faintly, under the lines.
            const t = live.current.threshold;
            if (!t) return;
            const ctx = u.ctx;
            const y = u.valToPos(t.value, 'y', true);
            const { left, top, width: w, height: h } = u.bbox;
            ctx.save();
            ctx.fillStyle = colors.danger;
            ctx.globalAlpha = 0.07;
            if (t.below) ctx.fillRect(left, y, w, Math.max(0, top + h - y));
            else ctx.fillRect(left, top, w, Math.max(0, y - top));
            ctx.restore();
          },
        ],
        draw: [
          ...(dense ? [denseStroke(ls.map((l) => ({ color: l.color, width: lineWidth })), () => uPlot.pxRatio)] : []),
          (u) => {
            const { threshold: t, marks: ms, releases: rs } = live.current;
            const ctx = u.ctx;
            const { left, top, width: w, height: h } = u.bbox;
            const dpr = uPlot.pxRatio;
            ctx.save();
            ctx.lineWidth = (wall ? 2 : 1.5) * dpr;
            if (t) {
              const y = u.valToPos(t.value, 'y', true);
              ctx.strokeStyle = colors.danger;
              ctx.setLineDash([6 * dpr, 4 * dpr]);
              ctx.beginPath();
              ctx.moveTo(left, y);
              ctx.lineTo(left + w, y);
              ctx.stroke();
            }
            // Incidents of this range: opened in red, resolved in green, so a change in a line can be read against them.
            for (const m of ms) {
              const x = u.valToPos(m.time, 'x', true);
              if (x < left || x > left + w) continue;
              ctx.strokeStyle = m.kind === 'opened' ? colors.danger : colors.ok;
              ctx.setLineDash(m.kind === 'opened' ? [] : [3 * dpr, 3 * dpr]);
              ctx.beginPath();
              ctx.moveTo(x, top);
              ctx.lineTo(x, top + h);
              ctx.stroke();
            }
            // Releases in the accent colour, dotted; a switch back dashed, so the two read apart.
            ctx.strokeStyle = colors.accent;
            for (const r of rs) {
              const x = u.valToPos(r.time, 'x', true);
              if (x < left || x > left + w) continue;
              ctx.setLineDash(r.kind === 'release' ? [2 * dpr, 3 * dpr] : [8 * dpr, 4 * dpr]);
              ctx.beginPath();
              ctx.moveTo(x, top);
              ctx.lineTo(x, top + h);
              ctx.stroke();
            }
            ctx.restore();
            // Where uPlot placed its plot area, from the style it set (whole CSS pixels): reading
            // offsetLeft/clientWidth here laid out the whole page again after every new plot.
            const box = plotArea(u.over);
            setPlotBox((prev) => (prev.left === box.left && prev.top === box.top && prev.width === box.width && prev.height === box.height ? prev : box));
            // A panel's fixed min/max can still leave a dot outside the plot: such a dot is not drawn.
            const { min, max } = live.current.ticks;
            const positions = live.current.dots
              .filter(({ exemplar }) => exemplar.value >= min && exemplar.value <= max)
              .map(({ exemplar }) => ({
                key: `${exemplar.time}-${exemplar.traceId ?? exemplar.value}`,
                left: u.valToPos(exemplar.time, 'x'),
                top: u.valToPos(exemplar.value, 'y'),
              }));
            setDotPositions((prev) => (JSON.stringify(prev) === JSON.stringify(positions) ? prev : positions));
            // For tests and the benchmark: how many times the canvas has been drawn.
            const chart = chartRef.current;
            if (chart) chart.dataset.draws = String(Number(chart.dataset.draws ?? '0') + 1);
          },
        ],
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            setTooltip(idx === null || idx === undefined || u.cursor.left === undefined || u.cursor.left < 0 ? null : { idx, left: u.cursor.left, top: u.cursor.top ?? 0 });
          },
        ],
      },
    };
    const { data: d, drawn: dr } = live.current;
    const plot = new uPlot(opts, [d.xs, ...dr] as uPlot.AlignedData, box);
    plotRef.current = plot;
    const at = live.current;
    applied.current = [at.data, at.drawn, at.shown, width, height, at.ticks, at.marks, at.releases, at.threshold];
    return () => {
      plot.destroy();
      plotRef.current = null;
    };
    // The plot is rebuilt only when its series or look change; data, size and visibility are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [structure, width > 0 && height > 0]);

  useEffect(() => {
    const plot = plotRef.current;
    if (!plot) return;
    const inputs = [data, drawn, shown, width, height, ticks, marks, releases, threshold];
    if (inputs.every((input, i) => input === applied.current[i])) return;
    applied.current = inputs;
    plot.batch(() => {
      if (plot.width !== width || plot.height !== height) plot.setSize({ width, height });
      shown.forEach((on, i) => {
        if (plot.series[i + 1] && plot.series[i + 1]!.show !== on) plot.setSeries(i + 1, { show: on });
      });
      plot.setData([data.xs, ...drawn] as uPlot.AlignedData);
    });
  }, [data, drawn, shown, width, height, ticks, marks, releases, threshold]);

  const visibleDots = dots.filter((d) => shown[d.line]);
  const dotKeys = new Set(dotPositions.map((p) => p.key));
  // Focus moves once the new stop is rendered: a legend entry far down a long legend may not be yet (SeriesLegend.tsx).
  const pendingFocus = useRef(false);
  const focusStop = useCallback((kind: 'legend' | 'dot', index: number) => {
    pendingFocus.current = true;
    setTabStop({ kind, index });
  }, []);
  useLayoutEffect(() => {
    if (!pendingFocus.current) return;
    pendingFocus.current = false;
    const selector = tabStop.kind === 'legend' ? `[data-testid="legend-entry"][data-index="${tabStop.index}"]` : `[data-dot-index="${tabStop.index}"] [data-testid="exemplar-dot"]`;
    chartRef.current?.querySelector<HTMLElement>(selector)?.focus();
  }, [tabStop]);

  // Stable, so the memoised legend (hundreds of entries) is not rendered again on every hover or draw.
  const onIsolate = useCallback((i: number) => setShown(isolate(shown, i)), [setShown, shown]);
  const onToggle = useCallback((i: number) => setShown(toggle(shown, i)), [setShown, shown]);
  const onFocusEntry = useCallback((i: number) => setTabStop({ kind: 'legend', index: i }), []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const legendCount = lines.length;
    const dotCount = visibleDots.filter((d) => d.exemplar.traceId).length;
    const at = tabStop;
    let next: { kind: 'legend' | 'dot'; index: number } | undefined;
    if (event.key === 'ArrowDown') next = { kind: 'legend', index: at.kind === 'legend' ? Math.min(legendCount - 1, at.index + 1) : 0 };
    else if (event.key === 'ArrowUp') next = { kind: 'legend', index: at.kind === 'legend' ? Math.max(0, at.index - 1) : 0 };
    else if (event.key === 'Home') next = { kind: 'legend', index: 0 };
    else if (event.key === 'End') next = { kind: 'legend', index: legendCount - 1 };
    else if (event.key === 'ArrowRight' && dotCount > 0) next = { kind: 'dot', index: at.kind === 'dot' ? Math.min(dotCount - 1, at.index + 1) : 0 };
    else if (event.key === 'ArrowLeft' && dotCount > 0) next = { kind: 'dot', index: at.kind === 'dot' ? Math.max(0, at.index - 1) : dotCount - 1 };
    else if (event.key === 'Escape' && shown.some((on) => !on)) {
      event.preventDefault();
      setShown(shown.map(() => true));
      return;
    }
    if (next) {
      event.preventDefault();
      focusStop(next.kind, next.index);
    }
  };

  const tooltipEntries: TooltipEntry[] =
    tooltip === null ? [] : lines.flatMap((l, i) => (shown[i] ? [{ name: l.name, color: l.color, value: data.ys[l.column]?.[tooltip.idx] ?? null }] : []));
  const linkDots = visibleDots.filter((d) => d.exemplar.traceId);
  // Exactly one element of the chart is tabbable: the chosen entry, or the chosen dot while it still exists.
  const legendStop = tabStop.kind === 'legend' ? Math.min(tabStop.index, Math.max(0, lines.length - 1)) : tabStop.index < linkDots.length ? null : 0;

  return (
    <div
      className="chart"
      ref={chartRef}
      role="group"
      aria-label={`${title} chart, ${lines.length} series${marks.length ? `, ${marks.length} incident markers` : ''}${releases.length ? `, releases: ${releases.map((r) => r.title).join('; ')}` : ''}`}
      data-testid="timeseries-chart"
      data-series-count={lines.length}
      data-point-count={pointCount}
      data-shown-count={shown.filter(Boolean).length}
      data-y-ticks={ticks.labels.join('|')}
      data-incident-markers={marks.length}
      data-release-markers={releases.length}
      onKeyDown={onKeyDown}
    >
      <div className="chart__plot" ref={boxRef}>
        <div className="chart__overlay" style={{ left: plotBox.left, top: plotBox.top, width: plotBox.width, height: plotBox.height }}>
          {/* A flag atop each release line names it without hovering; the chart's label reads them out (one Tab stop stays). */}
          {releases.map((r) => {
            const x0 = data.xs[0] ?? 0;
            const span = (data.xs[data.xs.length - 1] ?? x0) - x0;
            if (span <= 0 || plotBox.width <= 0) return null;
            const left = ((r.time - x0) / span) * plotBox.width;
            return (
              <span
                key={`${r.service}-${r.time}`}
                className={`chart-release chart-release--${r.kind}${left > plotBox.width / 2 ? ' chart-release--left' : ''}`}
                style={{ left }}
                data-testid="release-mark"
                data-service={r.service}
                data-version={r.version ?? ''}
                data-kind={r.kind}
                title={r.title}
                aria-hidden="true"
              >
                {r.kind === 'rollback' ? '↩ ' : '▲ '}
                {r.service} {r.version ?? ''}
              </span>
            );
          })}
          {visibleDots.map((d) => {
            const key = `${d.exemplar.time}-${d.exemplar.traceId ?? d.exemplar.value}`;
            const at = dotPositions.find((p) => p.key === key);
            if (!at || !dotKeys.has(key) || !Number.isFinite(at.left) || !Number.isFinite(at.top)) return null;
            const linkIndex = linkDots.indexOf(d);
            return (
              <span key={key} data-dot-wrap data-dot-index={linkIndex}>
                <ExemplarDot
                  left={at.left}
                  top={at.top}
                  exemplar={d.exemplar}
                  label={exemplarLabel(d.exemplar, formatValue(d.exemplar.value, unit), time.instant(d.exemplar.time))}
                  color={lines[d.line]?.color ?? 'currentColor'}
                  large={wall}
                  tabStop={tabStop.kind === 'dot' && tabStop.index === linkIndex}
                  onOpen={onOpenTrace}
                  onFocusDot={() => setTabStop({ kind: 'dot', index: linkIndex })}
                />
              </span>
            );
          })}
          {tooltip && tooltipEntries.length > 0 && (
            <div className="chart-tooltip-anchor" style={{ left: tooltip.left + 12, top: tooltip.top + 12 }}>
              <ChartTooltip time={data.xs[tooltip.idx] ?? 0} entries={tooltipEntries} unit={unit} />
            </div>
          )}
        </div>
      </div>
      <SeriesLegend
        lines={lines}
        unit={unit}
        shown={shown}
        tabStop={legendStop}
        onIsolate={onIsolate}
        onToggle={onToggle}
        onFocusEntry={onFocusEntry}
      />
    </div>
  );
});
