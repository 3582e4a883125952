import { useMemo } from 'react';
import { buildFunnel } from '../../../shared/funnel/funnel';
import { panelOptions } from '../../../shared/model/dashboard';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import { formatCount } from './format';
import { FreshnessBadge, useIsStale } from './FreshnessBadge';
import { dashboardWidthPx, panelStepSeconds } from './live-queries';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';
import { usePanelData } from './use-panel-data';

const pct = (ratio: number | undefined) => (ratio === undefined ? '–' : `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`);

/** The ride funnel: events per step over the range, conversion between steps, worst drop marked. */
export function FunnelPanel({ panel }: PanelProps) {
  const data = usePanelData(panel);
  const range = useStore((s) => s.effectiveRange());
  const retryTarget = useStore((s) => s.retryTarget);
  const stale = useIsStale(data.oldestFetch);
  const { steps, label } = useMemo(() => panelOptions(panel, 'funnel'), [panel]);
  const series = useMemo(() => data.entries.flatMap((e) => e?.result?.series ?? []), [data.entries]);
  // The step its queries were made with: what one sample stands for when a series has too few to tell.
  const funnel = useMemo(() => buildFunnel(series, steps, label, panelStepSeconds(panel, range, dashboardWidthPx())), [series, steps, label, panel, range]);
  const top = Math.max(1, ...funnel.steps.map((s) => s.count));
  const retry = () => panel.targets.forEach((t) => void retryTarget(panel.id, t.refId));

  let body;
  if (data.error && series.length === 0) body = <PanelMessage kind="error" text={data.error} onRetry={retry} />;
  else if (data.slowLoading && series.length === 0) body = <PanelMessage kind="loading" text="Loading…" />;
  else if (!data.waiting && series.length === 0) {
    // The source's own reason when it gave one (e.g. "No series named step:ride_funnel_events:rate1m at …").
    const warnings = [...new Set(data.entries.flatMap((e) => e?.result?.warnings ?? []))];
    body = <PanelMessage kind="empty" text={warnings.length > 0 ? warnings.join(' ') : 'No funnel data for this range.'} />;
  } else if (series.length === 0) body = null;
  else
    body = (
      <div className="funnel" data-testid="funnel">
        <ol className="funnel__steps">
          {funnel.steps.map((step, i) => {
            const worst = i === funnel.worstDropIndex;
            return (
              <li key={step.step} className={`funnel__step${worst ? ' funnel__step--worst' : ''}`} data-testid="funnel-step" data-step={step.step} data-worst={worst || undefined}>
                <span className="funnel__name">
                  <SafeText text={step.step.replaceAll('_', ' ')} />
                </span>
                <span className="funnel__bar-track">
                  <span className="funnel__bar" style={{ width: `${(step.count / top) * 100}%` }} />
                </span>
                <span className="funnel__count">{step.present ? formatCount(step.count) : 'no data'}</span>
                <span className="funnel__conv" title="conversion from the step above">
                  {i === 0 ? '' : pct(step.conversion)}
                  {worst && <span className="funnel__worst-tag"> worst drop</span>}
                </span>
              </li>
            );
          })}
        </ol>
        <div className="funnel__overall" data-testid="funnel-overall">
          Overall conversion <strong>{pct(funnel.overall)}</strong>
        </div>
        {data.error && <PanelMessage kind="error" text={data.error} onRetry={retry} />}
      </div>
    );

  return (
    <PanelFrame panel={panel} dimmed={stale} badges={<FreshnessBadge fetchedAt={data.oldestFetch} />}>
      {body}
    </PanelFrame>
  );
}
