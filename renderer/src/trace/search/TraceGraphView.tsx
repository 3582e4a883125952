import { useMemo } from 'react';
import { visibleText } from '../../../../shared/text/visible-text';
import type { Trace } from '../../../../shared/model/traces';
import { traceGraph } from '../../../../shared/trace/trace-graph';
import { formatMicros } from '../../panels/format';
import { PanelMessage } from '../../panels/PanelFrame';
import { serviceColor } from '../../support/palette';
import { NODE_H, NODE_W, layoutGraph } from './graph-layout';

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The trace's service-to-service calls as a layered SVG: services in call-depth order, each call edge with its count and time. */
export function TraceGraphView({ trace }: { trace: Trace }) {
  const graph = useMemo(() => traceGraph(trace), [trace]);
  const placed = useMemo(() => layoutGraph(graph), [graph]);
  if (graph.nodes.length === 0) return <PanelMessage kind="empty" text="This trace has no spans, so no calls to draw." />;
  const height = placed.height + (placed.edges.some((e) => e.back) ? 40 : 0);
  return (
    <div className="trace-graph" data-testid="trace-graph">
      <svg width={placed.width} height={height} role="img" aria-label={visibleText(`Service calls: ${graph.edges.map((e) => `${e.from} to ${e.to} ${e.calls} times`).join('; ') || 'none'}`)}>
        <defs>
          <marker id="trace-graph-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="trace-graph__arrow" />
          </marker>
        </defs>
        {placed.edges.map((e) => (
          <g key={`${e.from}\u0000${e.to}`} className={`trace-graph__edge${e.errors ? ' has-errors' : ''}${e.uninstrumented ? ' is-peer' : ''}`} data-testid="trace-graph-edge" data-from={e.from} data-to={e.to} data-calls={e.calls}>
            <title>{visibleText(`${e.from} → ${e.to}: ${e.calls} call${e.calls === 1 ? '' : 's'}, ${formatMicros(e.totalUs)} total, ${formatMicros(e.meanUs)} mean${e.errors ? `, ${e.errors} with errors` : ''}${e.uninstrumented ? ` (${e.to} sent no spans; named by the caller)` : ''}`)}</title>
            <path d={e.path} markerEnd="url(#trace-graph-arrow)" />
            <text x={e.labelX} y={e.labelY} textAnchor="middle">
              {`${e.calls}× · ${formatMicros(e.totalUs)}${e.calls > 1 ? ` (avg ${formatMicros(e.meanUs)})` : ''}${e.errors ? ` · ${e.errors} err` : ''}`}
            </text>
          </g>
        ))}
        {placed.nodes.map((n) => (
          <g key={n.service} transform={`translate(${n.x},${n.y})`} className={`trace-graph__node${n.errors ? ' has-errors' : ''}${n.spans === 0 ? ' is-peer' : ''}`} data-testid="trace-graph-node" data-service={n.service}>
            <title>{visibleText(`${n.service}: ${n.spans} span${n.spans === 1 ? '' : 's'}${n.errors ? `, ${n.errors} with errors` : ''}${n.spans === 0 ? ' (sent no spans)' : ''}`)}</title>
            <rect className="trace-graph__box" width={NODE_W} height={NODE_H} rx={6} style={{ stroke: serviceColor(n.service) }} />
            <rect width={6} height={NODE_H} rx={3} style={{ fill: serviceColor(n.service) }} />
            <text x={14} y={17}>
              {clip(visibleText(n.service), 22)}
            </text>
            <text x={14} y={32} className="trace-graph__sub">
              {n.spans === 0 ? 'no spans (peer)' : `${n.spans} span${n.spans === 1 ? '' : 's'}${n.errors ? ` · ${n.errors} errors` : ''}`}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
