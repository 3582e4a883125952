import { useEffect, useMemo, useRef, useState } from 'react';
import type { TraceLayout } from '../../../../shared/trace/layout-types';
import { minimapPicture } from '../../../../shared/trace/minimap';
import { dragMinimap, minimapGrip, type MinimapGrip, type ZoomWindow } from '../../../../shared/trace/zoom-window';
import { useElementSize } from '../../support/hooks';
import { serviceColor } from '../../support/palette';
import { useWaterfallView } from './view-state';

const HEIGHT = 44;
const UNMEASURED = { bands: 0, bandHeight: HEIGHT, runs: [] };
/** Pixels either side of a viewport edge that grab the edge rather than the window. */
const GRAB_PX = 6;
/** From this many spans the picture is drawn a frame after the rows, so it never delays the first of them. */
const DRAW_LATER_FROM = 20_000;

/**
 * The layout to draw: at once for a small trace; for a big one (a pass over every span, ~20 ms
 * at 100,000) a frame after it first shows, as the critical path is (renderer/src/store/trace-slice.ts).
 */
function useDrawnLayout(layout: TraceLayout): TraceLayout | undefined {
  const [drawn, setDrawn] = useState<TraceLayout | undefined>(layout.spans.length < DRAW_LATER_FROM ? layout : undefined);
  useEffect(() => {
    if (drawn === layout) return;
    if (layout.spans.length < DRAW_LATER_FROM) {
      setDrawn(layout);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setDrawn(layout), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [layout, drawn]);
  return drawn === layout ? drawn : undefined;
}

/**
 * The whole trace drawn small above the rows (shared/trace/minimap.ts does the bucketing), with
 * the zoom window as a viewport: drag it to scroll, drag an edge to resize, drag elsewhere to
 * draw a new window; double-click resets.
 */
export function Minimap({ layout }: { layout: TraceLayout }) {
  const [ref, size] = useElementSize<HTMLDivElement>();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const window = useWaterfallView((s) => s.window);
  const setWindow = useWaterfallView((s) => s.setWindow);
  const resetZoom = useWaterfallView((s) => s.resetZoom);
  const [drag, setDrag] = useState<{ grip: MinimapGrip; startX: number; initial: ZoomWindow } | null>(null);
  const width = Math.max(1, size.width);
  const drawn = useDrawnLayout(layout);
  // Not before the element is measured: a picture 1 px wide is a pass over every row for nothing.
  const picture = useMemo(() => (size.width > 0 && drawn ? minimapPicture(drawn, width, HEIGHT) : UNMEASURED), [drawn, width, size.width]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const ratio = globalThis.devicePixelRatio || 1;
    el.width = Math.round(width * ratio);
    el.height = Math.round(HEIGHT * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const h = Math.max(1, picture.bandHeight - (picture.bandHeight > 3 ? 1 : 0));
    const danger = getComputedStyle(el).getPropertyValue('--danger').trim() || '#e5484d';
    for (const run of picture.runs) {
      ctx.fillStyle = serviceColor(drawn?.services[run.service] ?? '');
      ctx.fillRect(run.x, run.band * picture.bandHeight, run.width, h);
    }
    ctx.fillStyle = danger;
    for (const run of picture.runs) if (run.error) ctx.fillRect(run.x, run.band * picture.bandHeight, Math.max(1, Math.min(run.width, 2)), h);
  }, [picture, width, drawn]);

  const fractionAt = (clientX: number) => {
    const rect = ref.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return 0;
    return Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
  };

  return (
    <div
      className="trace-minimap"
      ref={ref}
      data-testid="trace-minimap"
      title="Drag to zoom; drag the window to scroll, its edges to resize; double-click to see the whole trace"
      onPointerDown={(e) => {
        const x = fractionAt(e.clientX);
        e.currentTarget.setPointerCapture(e.pointerId);
        setDrag({ grip: minimapGrip(window, x, GRAB_PX / width), startX: x, initial: window });
      }}
      onPointerMove={(e) => {
        if (!drag) return;
        const x = fractionAt(e.clientX);
        // A click without movement on empty space must not make a hair-thin window.
        if (drag.grip === 'new' && Math.abs(x - drag.startX) * width < 3) return;
        setWindow(dragMinimap(drag.initial, drag.grip, drag.startX, x));
      }}
      onPointerUp={() => setDrag(null)}
      onPointerCancel={() => setDrag(null)}
      onDoubleClick={resetZoom}
    >
      <canvas ref={canvas} style={{ width, height: HEIGHT }} aria-hidden="true" />
      <div
        className="trace-minimap__window"
        data-testid="trace-minimap-window"
        data-from={window.from.toFixed(6)}
        data-to={window.to.toFixed(6)}
        style={{ left: `${window.from * 100}%`, width: `${(window.to - window.from) * 100}%` }}
      >
        <span className="trace-minimap__grip trace-minimap__grip--left" />
        <span className="trace-minimap__grip trace-minimap__grip--right" />
      </div>
    </div>
  );
}
