import { useShallow } from 'zustand/react/shallow';
import type { Panel } from '../../../shared/model/dashboard';
import { dataStartsLate, formatHourMinute } from '../../../shared/dashboards/time-range';
import { dashboardWidthPx, hasMetricTargets, liveQueryId, panelStepSeconds } from '../panels/live-queries';
import { useStore } from '../store/store';

/**
 * "no data before 14:05" on a panel whose data begins well after its range does (a 6 h range
 * on a source keeping 30 min), so blank space on the left has a reason on screen. It sits in
 * the panel's grid cell, over its bottom-left corner, so no panel component needs to know.
 */
export function DataStartNotice({ panel }: { panel: Panel }) {
  const range = useStore((s) => s.effectiveRange());
  const fixed = useStore((s) => (s.timeRange?.kind === 'absolute' ? s.timeRange.start : undefined));
  const zone = useStore((s) => s.effectiveTimeZone());
  const entries = useStore(useShallow((s) => panel.targets.map((t) => s.live[liveQueryId(panel.id, t.refId)])));
  if (!hasMetricTargets(panel)) return null;
  const results = entries.flatMap((e) => (e?.result ? [e.result] : []));
  if (results.length === 0) return null;
  const fetchedAt = Math.max(...results.map((r) => r.fetchedAt));
  const rangeStart = fixed ?? fetchedAt - range * 1000;
  const first = dataStartsLate(results.flatMap((r) => r.series), rangeStart, panelStepSeconds(panel, range, dashboardWidthPx()));
  if (first === undefined) return null;
  const at = formatHourMinute(first, zone);
  return (
    <div
      className="data-start"
      data-testid="data-start"
      data-for-panel={panel.id}
      role="note"
      title={`The source has no samples for this panel before ${at}${zone === 'utc' ? ' UTC' : ''}; the range starts at ${formatHourMinute(rangeStart, zone)}. It may keep less history than the range asks for, or the series may be new.`}
      style={{ gridColumn: `${panel.grid.x + 1} / span ${panel.grid.w}`, gridRow: `${panel.grid.y + 1} / span ${panel.grid.h}` }}
    >
      no data before {at}
    </div>
  );
}
