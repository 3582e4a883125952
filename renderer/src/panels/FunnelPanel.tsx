import { useMemo } from 'react';
import { compareWithBaseline } from '../../../shared/funnel/baseline';
import { buildFunnel } from '../../../shared/funnel/funnel';
import { dataSpan, windowText } from '../../../shared/funnel/window';
import { panelOptions } from '../../../shared/model/dashboard';
import { useStore } from '../store/store';
import { FreshnessBadge, useIsStale } from './FreshnessBadge';
import { FunnelView } from './FunnelView';
import { dashboardWidthPx, panelStepSeconds } from './live-queries';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';
import { type PanelData, usePanelData } from './use-panel-data';

/**
 * The ride funnel: events per step over a stated window (every city the query selects,
 * summed per step), conversion between steps, and — when the panel has a week-earlier
 * target — that window a week before beside it, an abnormal drop highlighted.
 */
export function FunnelPanel({ panel }: PanelProps) {
  const data = usePanelData(panel);
  const range = useStore((s) => s.effectiveRange());
  const zone = useStore((s) => s.effectiveTimeZone());
  const retryTarget = useStore((s) => s.retryTarget);
  const stale = useIsStale(data.oldestFetch);
  const { steps, label, lagging, baselineRefId } = useMemo(() => panelOptions(panel, 'funnel'), [panel]);
  // Entries line up with the panel's targets: the baseline target's answer is the week-earlier funnel.
  const { series, baselineSeries } = useMemo(() => {
    const isBaseline = (i: number) => baselineRefId !== undefined && panel.targets[i]?.refId === baselineRefId;
    return {
      series: data.entries.flatMap((e, i) => (isBaseline(i) ? [] : (e?.result?.series ?? []))),
      baselineSeries: data.entries.flatMap((e, i) => (isBaseline(i) ? (e?.result?.series ?? []) : [])),
    };
  }, [data.entries, panel.targets, baselineRefId]);
  const hasBaseline = baselineRefId !== undefined && panel.targets.some((t) => t.refId === baselineRefId);
  // The step its queries were made with: what one sample stands for when a series has too few to tell.
  const stepSeconds = panelStepSeconds(panel, range, dashboardWidthPx());
  const funnel = useMemo(() => buildFunnel(series, steps, label, stepSeconds, lagging), [series, steps, label, stepSeconds, lagging]);
  const baseline = useMemo(() => (hasBaseline ? buildFunnel(baselineSeries, steps, label, stepSeconds, lagging) : undefined), [hasBaseline, baselineSeries, steps, label, stepSeconds, lagging]);
  const comparison = useMemo(() => (hasBaseline ? compareWithBaseline(funnel, baselineSeries, label, stepSeconds) : undefined), [hasBaseline, funnel, baselineSeries, label, stepSeconds]);
  const span = dataSpan(series);
  const retry = () => panel.targets.forEach((t) => void retryTarget(panel.id, t.refId));

  let body;
  const shows = funnelShows(data, series.length > 0, span !== undefined);
  if (shows === 'error') body = <PanelMessage kind="error" text={data.error!} onRetry={retry} />;
  else if (shows === 'loading') body = <PanelMessage kind="loading" text="Loading…" />;
  else if (shows === 'empty') {
    // The source's own reason when it gave one (e.g. "No series named step:ride_funnel_events:rate1m at …").
    const warnings = [...new Set(data.entries.flatMap((e) => e?.result?.warnings ?? []))];
    body = <PanelMessage kind="empty" text={warnings.length > 0 ? warnings.join(' ') : 'No funnel data for this range.'} />;
  } else if (shows === 'nothing' || !span) body = null;
  else
    body = (
      <>
        <FunnelView funnel={funnel} {...(baseline ? { baseline } : {})} {...(comparison ? { comparison } : {})} window={windowText(range, span.start, span.end, zone)} />
        {data.error && <PanelMessage kind="error" text={data.error} onRetry={retry} />}
      </>
    );

  return (
    <PanelFrame panel={panel} dimmed={stale} badges={<FreshnessBadge fetchedAt={data.oldestFetch} />}>
      {body}
    </PanelFrame>
  );
}

/**
 * What the funnel's body shows. Its targets answer one by one: drawn from the first, the
 * funnel moved its lines when the week-earlier one came (the comparison's words and column),
 * a layout shift on each wall slide change that shows it (scripts/bench/wall-frames.ts). So
 * it waits, showing nothing, for every target up to the second after which it says Loading…,
 * and then draws what it has.
 */
export function funnelShows(data: Pick<PanelData, 'error' | 'slowLoading' | 'waiting'>, hasSeries: boolean, hasSpan: boolean): 'error' | 'loading' | 'empty' | 'nothing' | 'funnel' {
  if (data.error && !hasSeries) return 'error';
  if (data.slowLoading && !hasSeries) return 'loading';
  if (!data.waiting && !hasSeries) return 'empty';
  if (!hasSeries || !hasSpan || (data.waiting && !data.slowLoading)) return 'nothing';
  return 'funnel';
}
