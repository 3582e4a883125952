import type { KeyboardEvent } from 'react';
import type { Exemplar } from '../../../shared/model/series';
import { visibleText } from '../../../shared/text/visible-text';

interface ExemplarDotProps {
  cx?: number;
  cy?: number;
  exemplar: Exemplar;
  label: string;
  color: string;
  large: boolean;
  onOpen: (traceId: string) => void;
}

/**
 * One exemplar on a chart: a diamond a person can click, or reach with Tab and open with
 * Enter or Space, to see the trace of that request — as a trace id in a log line does.
 */
export function ExemplarDot({ cx, cy, exemplar, label, color, large, onOpen }: ExemplarDotProps) {
  if (cx === undefined || cy === undefined || !Number.isFinite(cx) || !Number.isFinite(cy)) return <g />;
  const r = large ? 6 : 4;
  const traceId = exemplar.traceId;
  const open = () => {
    if (traceId) onOpen(traceId);
  };
  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
    }
  };
  const text = visibleText(label);
  return (
    <g
      className={`exemplar${traceId ? ' exemplar--link' : ''}`}
      data-testid="exemplar-dot"
      data-trace-id={traceId}
      {...(traceId ? { role: 'button', tabIndex: 0, onClick: open, onKeyDown, 'aria-label': text } : { 'aria-hidden': true })}
    >
      <title>{text}</title>
      <path d={`M${cx} ${cy - r} L${cx + r} ${cy} L${cx} ${cy + r} L${cx - r} ${cy} Z`} fill={traceId ? color : 'none'} stroke={color} strokeWidth={1.5} />
    </g>
  );
}
