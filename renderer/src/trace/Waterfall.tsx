import { memo, useMemo, useState } from 'react';
import type { TraceLayout, WaterfallRow } from '../../../shared/trace/layout-types';
import { formatMicros } from '../panels/format';
import { serviceColor } from '../support/palette';
import { useStore } from '../store/store';
import { useElementSize } from '../support/hooks';
import { SafeText } from '../support/SafeText';
import { rpcSegments, rpcSummary } from './rpc-segments';
import { visibleRange } from './visible-rows';

const MAX_INDENT_DEPTH = 40;

interface Hover {
  row: number;
  x: number;
  y: number;
}

/** The trace's spans on a time axis; only the rows in view are in the DOM. */
export function Waterfall({ layout, selected, critical }: { layout: TraceLayout; selected: number | undefined; critical: ReadonlySet<number> | undefined }) {
  const wall = useStore((s) => s.wall);
  const rowHeight = wall ? 34 : 24;
  const [scrollTop, setScrollTop] = useState(0);
  const [hover, setHover] = useState<Hover | null>(null);
  const [ref, size] = useElementSize<HTMLDivElement>();
  const { first, last } = visibleRange(scrollTop, size.height || 600, rowHeight, layout.rows.length);
  const rows: { index: number; row: WaterfallRow }[] = [];
  for (let i = first; i <= last; i += 1) rows.push({ index: i, row: layout.rows[i]! });
  const hovered = hover ? layout.rows[hover.row] : undefined;
  const colors = useServiceColors(layout);

  return (
    <div className="waterfall">
      <div className="waterfall__axis" aria-hidden="true">
        <span className="waterfall__axis-label">Service · operation</span>
        <span className="waterfall__ticks">
          {[0, 0.25, 0.5, 0.75, 1].map((f) => (
            <span key={f} style={{ left: `${f * 100}%` }}>
              {formatMicros(layout.duration * f)}
            </span>
          ))}
        </span>
      </div>
      <div
        className="waterfall__scroll"
        ref={ref}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        data-testid="trace-waterfall"
        data-row-count={layout.rows.length}
        tabIndex={0}
      >
        <div style={{ height: layout.rows.length * rowHeight, position: 'relative' }}>
          {rows.map(({ index, row }) => (
            <Row
              key={index}
              index={index}
              row={row}
              layout={layout}
              top={index * rowHeight}
              height={rowHeight}
              selected={row.spanIndex === selected}
              critical={critical?.has(row.spanIndex) ?? false}
              color={colors.get(layout.spans[row.spanIndex]!.service) ?? serviceColor(layout.spans[row.spanIndex]!.service)}
              onHover={setHover}
            />
          ))}
        </div>
      </div>
      {hover && hovered && (
        <div className="trace-tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }} data-testid="trace-rpc-tooltip" role="tooltip">
          <strong>
            <SafeText text={layout.spans[hovered.spanIndex]?.service} />
          </strong>{' '}
          <SafeText text={layout.spans[hovered.spanIndex]?.operation} />
          <div>span {formatMicros(hovered.duration)} at +{formatMicros(hovered.offset)}</div>
          {rpcSummary(hovered.rpc).map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      )}
    </div>
  );
}

interface RowProps {
  index: number;
  row: WaterfallRow;
  layout: TraceLayout;
  top: number;
  height: number;
  selected: boolean;
  critical: boolean;
  color: string;
  onHover(hover: Hover | null): void;
}

const Row = memo(function Row({ index, row, layout, top, height, selected, critical, color, onHover }: RowProps) {
  const selectSpan = useStore((s) => s.selectSpan);
  const toggleCollapsed = useStore((s) => s.toggleCollapsed);
  const collapsed = useStore((s) => s.traceView?.collapsed.has(layout.spans[row.spanIndex]?.spanId ?? '') ?? false);
  const span = layout.spans[row.spanIndex]!;
  const total = layout.duration || 1;
  const pct = (us: number) => `${(us / total) * 100}%`;
  const segments = rpcSegments(span, layout.start);
  const indent = Math.min(row.depth, MAX_INDENT_DEPTH) * 12;
  return (
    <div
      className={`trace-row${selected ? ' is-selected' : ''}${span.status.code === 'error' ? ' trace-row--error' : ''}${critical ? ' trace-row--critical' : ''}`}
      style={{ top, height }}
      onClick={() => selectSpan(row.spanIndex)}
      data-testid="trace-row"
      data-row={index}
      data-span-id={span.spanId}
      data-critical={critical || undefined}
    >
      <div className="trace-row__label" style={{ paddingLeft: indent }}>
        {row.childCount > 0 ? (
          <button
            type="button"
            className="trace-row__toggle"
            aria-label={collapsed ? 'Expand' : 'Collapse'}
            onClick={(e) => {
              e.stopPropagation();
              toggleCollapsed(span.spanId);
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
      </div>
      <div
        className="trace-row__lane"
        onMouseMove={(e) => onHover({ row: index, x: e.clientX, y: e.clientY })}
        onMouseLeave={() => onHover(null)}
      >
        {segments.length > 0 ? (
          segments.map((s) => (
            <span
              key={s.kind}
              className={`trace-bar trace-bar--${s.kind}`}
              style={{ left: pct(s.from), width: `max(2px, ${pct(s.to - s.from)})`, background: s.kind === 'server' ? color : undefined }}
              data-segment={s.kind}
            />
          ))
        ) : (
          <span className="trace-bar" style={{ left: pct(row.offset), width: `max(2px, ${pct(row.duration)})`, background: color }} />
        )}
        <span className="trace-row__dur" style={{ left: `calc(${pct(row.offset + row.duration)} + 4px)` }}>
          {row.unfinished ? 'unfinished' : formatMicros(row.duration)}
        </span>
      </div>
    </div>
  );
});

/** One colour per service of this trace: the service's own colour, the same as on the dashboards and incidents. */
export function useServiceColors(layout: TraceLayout): Map<string, string> {
  return useMemo(() => new Map(layout.services.map((service) => [service, serviceColor(service)])), [layout]);
}
