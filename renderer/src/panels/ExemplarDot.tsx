import type { CSSProperties, KeyboardEvent } from 'react';
import type { Exemplar } from '../../../shared/model/series';
import { visibleText } from '../../../shared/text/visible-text';

interface ExemplarDotProps {
  /** Position over the plot, CSS px from the plot area's top left. */
  left: number;
  top: number;
  exemplar: Exemplar;
  label: string;
  color: string;
  large: boolean;
  /** Whether this dot holds the chart's one Tab stop (the chart moves it with the arrow keys). */
  tabStop: boolean;
  onOpen: (traceId: string) => void;
  onFocusDot: () => void;
}

/**
 * One exemplar over the canvas: a diamond a person can click, or reach from the keyboard
 * (←/→ inside the chart) and open with Enter or Space, to see the trace of that request —
 * as a trace id in a log line does.
 */
export function ExemplarDot({ left, top, exemplar, label, color, large, tabStop, onOpen, onFocusDot }: ExemplarDotProps) {
  const size = large ? 12 : 9;
  const traceId = exemplar.traceId;
  const text = visibleText(label);
  const style = { left: left - size / 2, top: top - size / 2, width: size, height: size, '--dot-color': color } as CSSProperties;
  if (!traceId) return <span className="exemplar exemplar--plain" data-testid="exemplar-dot" style={style} title={text} aria-hidden />;
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(traceId);
    }
  };
  return (
    <button
      type="button"
      className="exemplar exemplar--link"
      data-testid="exemplar-dot"
      data-trace-id={traceId}
      aria-label={text}
      title={text}
      style={style}
      tabIndex={tabStop ? 0 : -1}
      onClick={() => onOpen(traceId)}
      onKeyDown={onKeyDown}
      onFocus={onFocusDot}
    />
  );
}
