import { memo } from 'react';
import type { Span } from '../../../../shared/model/traces';
import { placeBar, type BarPartInput } from '../../../../shared/trace/bar-labels';
import type { WaterfallRow as Row } from '../../../../shared/trace/layout-types';
import { clipToWindow, type ZoomWindow } from '../../../../shared/trace/zoom-window';
import { formatMicros } from '../../panels/format';
import { SafeText } from '../../support/SafeText';
import { rpcSegments } from '../rpc-segments';
import { skewNotes } from './span-flags';

const MAX_INDENT_DEPTH = 40;
const PART_LABEL: Record<string, string> = { 'network-out': 'out', server: 'server', 'network-back': 'back' };

export type MatchState = 'none' | 'match' | 'current' | 'dimmed';

export interface RowProps {
  index: number;
  row: Row;
  span: Span;
  traceStart: number;
  total: number;
  top: number;
  height: number;
  window: ZoomWindow;
  laneWidth: number;
  selected: boolean;
  critical: boolean;
  /** Stretches (µs from the trace start) during which this span itself held up the trace. */
  criticalSegments: readonly { start: number; end: number }[] | undefined;
  errorBelow: boolean;
  collapsed: boolean;
  match: MatchState;
  color: string;
  onSelect(spanIndex: number): void;
  onToggle(spanId: string): void;
  onHover(hover: { row: number; x: number; y: number } | null): void;
}

/**
 * The critical stretches of one span in pixels, those less than a pixel apart drawn as one: a
 * span that waited on 10,000 children one after another has 10,000 stretches, and one element
 * each would make that one row cost most of a second to draw.
 */
export function criticalStripes(segments: readonly { start: number; end: number }[] | undefined, total: number, window: ZoomWindow, width: number): { left: number; width: number }[] {
  const stripes: { left: number; width: number }[] = [];
  if (!segments) return stripes;
  for (const seg of segments) {
    const c = clipToWindow(seg.start, seg.end - seg.start, total, window);
    if (!c) continue;
    const left = c.left * width;
    const right = left + Math.max(1, c.width * width);
    const last = stripes.at(-1);
    if (last && left <= last.left + last.width + 1) last.width = Math.max(last.width, right - last.left);
    else stripes.push({ left, width: right - left });
  }
  return stripes;
}

/**
 * One span's row: its name, and its bar on the zoom window with the network parts hatched and
 * never narrower than a few pixels; the numbers placed by shared/trace/bar-labels.ts so they
 * never cover a hatch. The selected span shows its network/server split without hovering.
 */
export const WaterfallRow = memo(function WaterfallRow(props: RowProps) {
  const { index, row, span, traceStart, total, top, height, window, laneWidth, selected, critical, criticalSegments, errorBelow, collapsed, match, color } = props;
  const clip = clipToWindow(row.offset, row.duration, total, window);
  const width = laneWidth > 0 ? laneWidth : 1;
  const px = (us: number) => ((us / (total || 1) - window.from) / (window.to - window.from)) * width;
  const clampPx = (x: number) => Math.min(width, Math.max(0, x));
  const inputs: BarPartInput[] = [];
  if (clip) {
    const segments = rpcSegments(span, traceStart);
    if (segments.length > 0) {
      for (const s of segments) {
        const x0 = clampPx(px(s.from));
        const x1 = clampPx(px(s.to));
        // A part wholly outside the window is not drawn; its number is still in the detail.
        if (px(s.to) < 0 || px(s.from) > width) continue;
        inputs.push({ kind: s.kind, x0, x1, label: selected ? `${PART_LABEL[s.kind]} ${formatMicros(s.to - s.from)}` : undefined });
      }
    }
    if (inputs.length === 0) inputs.push({ kind: 'span', x0: clip.left * width, x1: (clip.left + clip.width) * width });
  }
  const total_ = row.unfinished ? 'unfinished' : formatMicros(row.duration);
  const bar = placeBar(inputs, { laneWidth: width, total: total_, minNetwork: 4, minPart: 2 });
  const skew = skewNotes(span);
  const isError = span.status.code === 'error';
  const indent = Math.min(row.depth, MAX_INDENT_DEPTH) * 12;
  const classes = ['trace-row'];
  if (selected) classes.push('is-selected');
  if (isError) classes.push('trace-row--error');
  if (critical) classes.push('trace-row--critical');
  if (match !== 'none') classes.push(`trace-row--${match}`);
  return (
    <div
      className={classes.join(' ')}
      // Placed by top in a box of fixed size: moving the row lays out this row alone (styles.css
      // .waterfall__rows). Over the opaque scroller there, a transform per row cost 3–5 ms more of
      // each scrolled frame's work.
      style={{ top, height }}
      onClick={() => props.onSelect(row.spanIndex)}
      data-testid="trace-row"
      data-row={index}
      data-span-id={span.spanId}
      data-critical={critical || undefined}
      data-match={match === 'none' ? undefined : match}
      aria-selected={selected}
      role="row"
    >
      <div className="trace-row__label" style={{ paddingLeft: indent }}>
        {row.childCount > 0 ? (
          <button
            type="button"
            className="trace-row__toggle"
            aria-label={collapsed ? `Expand ${row.childCount} children` : 'Collapse children'}
            aria-expanded={!collapsed}
            data-testid="trace-row-toggle"
            tabIndex={-1}
            onClick={(e) => {
              e.stopPropagation();
              props.onToggle(span.spanId);
            }}
          >
            {collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="trace-row__toggle" />
        )}
        {row.depth > MAX_INDENT_DEPTH && <span className="trace-row__depth">{row.depth}</span>}
        <span className="dot" style={{ background: color }} />
        <span className="trace-row__service">
          <SafeText text={span.service} />
        </span>
        <span className="trace-row__op">
          <SafeText text={span.operation} />
        </span>
        {isError && (
          <span className="trace-badge trace-badge--error" title={span.status.message ?? 'error'} data-testid="trace-row-error">
            error
          </span>
        )}
        {errorBelow && (
          <span className="trace-badge trace-badge--below" title="A span under this one failed" data-testid="trace-row-error-below">
            error below
          </span>
        )}
        {skew.length > 0 && (
          <span className="trace-badge trace-badge--skew" title={skew.join('\n')} data-testid="trace-row-skew">
            skew adjusted
          </span>
        )}
        {collapsed && <span className="trace-row__hidden muted">+{row.childCount}</span>}
      </div>
      <div className="trace-row__lane" onMouseMove={(e) => props.onHover({ row: index, x: e.clientX, y: e.clientY })} onMouseLeave={() => props.onHover(null)}>
        {criticalStripes(criticalSegments, total, window, width).map((stripe, i) => (
          // By position: a recycled row slot reuses its stripe elements rather than making new ones.
          <span key={i} className="trace-critical" style={{ left: stripe.left, width: stripe.width }} />
        ))}
        {bar.parts.map((part) => (
          <span
            key={part.kind}
            className={`trace-bar trace-bar--${part.kind}`}
            style={{ left: part.x, width: part.width, background: part.kind === 'server' || part.kind === 'span' ? color : undefined }}
            data-segment={part.kind === 'span' ? undefined : part.kind}
          />
        ))}
        {bar.labels.map((label) => (
          <span
            key={label.of}
            className={`trace-row__num${label.inside ? ' trace-row__num--inside' : ''}${label.of === 'total' ? ' trace-row__dur' : ''}`}
            style={{ left: label.x, width: label.width }}
            data-testid={label.of === 'total' ? 'trace-row-duration' : 'trace-row-part'}
            data-part={label.of}
          >
            {label.text}
          </span>
        ))}
        {!clip && <span className={`trace-row__edge trace-row__edge--${row.offset + row.duration < window.from * total ? 'left' : 'right'}`} title="Outside the zoomed window" />}
        {clip?.clippedLeft && <span className="trace-row__edge trace-row__edge--left" title="Starts before the zoomed window" />}
        {clip?.clippedRight && <span className="trace-row__edge trace-row__edge--right" title="Goes on after the zoomed window" />}
      </div>
    </div>
  );
});
