import { useState } from 'react';
import { windowFromRulerDrag, windowTicks } from '../../../../shared/trace/zoom-window';
import { formatMicros } from '../../panels/format';
import { useWaterfallView } from './view-state';

/** The time axis of the zoom window; dragging across it zooms into the stretch dragged over. */
export function Ruler({ total, laneRef }: { total: number; laneRef: React.RefObject<HTMLSpanElement | null> }) {
  const window = useWaterfallView((s) => s.window);
  const setWindow = useWaterfallView((s) => s.setWindow);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const fractionAt = (clientX: number) => {
    const rect = laneRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return 0;
    return Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
  };
  return (
    <div className="waterfall__axis">
      <span className="waterfall__axis-label">Service · operation</span>
      <span
        className="waterfall__ticks"
        ref={laneRef}
        data-testid="trace-ruler"
        title="Drag across the time axis to zoom into that stretch"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          const x = fractionAt(e.clientX);
          setDrag({ from: x, to: x });
        }}
        onPointerMove={(e) => drag && setDrag({ from: drag.from, to: fractionAt(e.clientX) })}
        onPointerUp={(e) => {
          const width = laneRef.current?.getBoundingClientRect().width ?? 0;
          if (drag && Math.abs(drag.to - drag.from) * width >= 4) setWindow(windowFromRulerDrag(window, drag.from, drag.to));
          setDrag(null);
          e.currentTarget.releasePointerCapture(e.pointerId);
        }}
        onPointerCancel={() => setDrag(null)}
      >
        {windowTicks(window, total, 5).map((tick) => (
          <span key={tick.fraction} className="waterfall__tick" style={{ left: `${tick.fraction * 100}%` }}>
            {formatMicros(tick.at)}
          </span>
        ))}
        {drag && Math.abs(drag.to - drag.from) > 0 && (
          <span className="waterfall__ruler-drag" style={{ left: `${Math.min(drag.from, drag.to) * 100}%`, width: `${Math.abs(drag.to - drag.from) * 100}%` }} />
        )}
      </span>
    </div>
  );
}
