import { useEffect, useMemo, useRef, useState } from 'react';
import { visibleText } from '../../../../shared/text/visible-text';
import type { TraceSummary } from '../../../../shared/model/trace-search';
import { formatMicros } from '../../panels/format';
import { useElementSize } from '../../support/hooks';
import { useTimeFormat } from '../../support/use-time-format';
import { SCATTER_PAD, type ScatterDot, scatterGeometry } from './scatter-geometry';

const HEIGHT = 170;

/**
 * Jaeger's duration scatter: every result as a dot (x start, y duration, red with errors,
 * bigger with more spans), drawn on a canvas; over each dot sits a transparent button so a
 * click, Enter or a screen reader opens it. ←/→ walk the dots in time order.
 */
export function DurationScatter({ traces, onOpen }: { traces: readonly TraceSummary[]; onOpen(traceId: string): void }) {
  const [box, size] = useElementSize<HTMLDivElement>();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const time = useTimeFormat();
  const geometry = useMemo(() => scatterGeometry(traces, size.width, HEIGHT), [traces, size.width]);
  const [active, setActive] = useState(0);
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || size.width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.round(size.width * ratio);
    el.height = Math.round(HEIGHT * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.width, HEIGHT);
    const css = getComputedStyle(el);
    const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const [border, muted, accent, danger] = [color('--border', '#2d3643'), color('--muted', '#8b98a8'), color('--accent', '#4e9cf5'), color('--danger', '#ff5c6c')];
    const bottom = HEIGHT - SCATTER_PAD.bottom;
    ctx.strokeStyle = border;
    ctx.fillStyle = muted;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (let i = 0; i <= 3; i += 1) {
      const y = SCATTER_PAD.top + ((bottom - SCATTER_PAD.top) * i) / 3;
      ctx.beginPath();
      ctx.moveTo(SCATTER_PAD.left, y);
      ctx.lineTo(size.width - SCATTER_PAD.right, y);
      ctx.stroke();
      ctx.fillText(formatMicros((geometry.maxUs * (3 - i)) / 3), 4, y);
    }
    ctx.textBaseline = 'alphabetic';
    const spanMs = geometry.endMs - geometry.startMs;
    for (let i = 0; i <= 4; i += 1) {
      const ms = geometry.startMs + (spanMs * i) / 4;
      const x = SCATTER_PAD.left + ((size.width - SCATTER_PAD.left - SCATTER_PAD.right) * i) / 4;
      ctx.textAlign = i === 0 ? 'left' : i === 4 ? 'right' : 'center';
      ctx.fillText(time.axis(ms, spanMs), x, HEIGHT - 6);
    }
    for (const dot of geometry.dots) {
      ctx.beginPath();
      ctx.arc(dot.x, dot.y, dot.r, 0, Math.PI * 2);
      ctx.fillStyle = dot.error ? danger : accent;
      ctx.globalAlpha = 0.75;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.strokeStyle = dot.error ? danger : accent;
      ctx.stroke();
    }
  }, [geometry, size.width, time]);

  const focusDot = (index: number) => {
    const next = Math.max(0, Math.min(geometry.dots.length - 1, index));
    setActive(next);
    buttons.current[next]?.focus();
  };

  return (
    <div className="trace-scatter" ref={box} style={{ height: HEIGHT }} data-testid="trace-scatter">
      <canvas ref={canvas} style={{ width: size.width, height: HEIGHT }} aria-hidden="true" />
      {size.width > 0 &&
        geometry.dots.map((dot, i) => (
          <button
            key={dot.traceId}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            className="trace-scatter__dot"
            style={{ left: dot.x - dot.r, top: dot.y - dot.r, width: dot.r * 2, height: dot.r * 2 }}
            tabIndex={i === Math.min(active, geometry.dots.length - 1) ? 0 : -1}
            title={dotLabel(dot, time.instant)}
            aria-label={dotLabel(dot, time.instant)}
            onClick={() => onOpen(dot.traceId)}
            onFocus={() => setActive(i)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowDown') focusDot(i + 1);
              else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') focusDot(i - 1);
              else if (e.key === 'Home') focusDot(0);
              else if (e.key === 'End') focusDot(geometry.dots.length - 1);
              else return;
              e.preventDefault();
            }}
            data-testid="scatter-dot"
            data-trace-id={dot.traceId}
          />
        ))}
    </div>
  );
}

function dotLabel(dot: ScatterDot, instant: (ms: number) => string): string {
  const t = dot.summary;
  const errors = t.errorCount ? `, ${t.errorCount} error${t.errorCount === 1 ? '' : 's'}` : '';
  // Names come from the trace backend: bidi and control characters are shown as tokens, not applied.
  return visibleText(`${t.rootService ?? 'unknown service'}: ${t.rootOperation ?? 'unknown operation'} — ${formatMicros(t.duration)}, ${t.spanCount ?? '?'} spans${errors}, started ${instant(t.start / 1000)}`);
}
