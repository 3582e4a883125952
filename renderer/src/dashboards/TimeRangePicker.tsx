import { useState } from 'react';
import { formatDateTimeIn, parseDateTimeIn, type TimeZoneChoice, zoneLabel } from '../../../shared/dashboards/time-range';
import { useStore } from '../store/store';

const PRESETS = [
  { label: 'Last 5 minutes', seconds: 300 },
  { label: 'Last 15 minutes', seconds: 900 },
  { label: 'Last 30 minutes', seconds: 1800 },
  { label: 'Last 1 hour', seconds: 3600 },
  { label: 'Last 6 hours', seconds: 6 * 3600 },
  { label: 'Last 12 hours', seconds: 12 * 3600 },
  { label: 'Last 24 hours', seconds: 86_400 },
  { label: 'Last 7 days', seconds: 7 * 86_400 },
];

const REFRESH = [
  { label: 'Off', seconds: 0 },
  { label: '1s', seconds: 1 },
  { label: '5s', seconds: 5 },
  { label: '10s', seconds: 10 },
  { label: '30s', seconds: 30 },
  { label: '1m', seconds: 60 },
  { label: '5m', seconds: 300 },
];

const localZoneName = (): string | undefined => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
};

/** What the range reads as, in words: "Last 6 hours" or "2026-12-01 10:00 to 2026-12-01 12:00". */
export function rangeText(range: { kind: 'relative'; seconds: number } | { kind: 'absolute'; start: number; end: number }, zone: TimeZoneChoice): string {
  if (range.kind === 'absolute') return `${formatDateTimeIn(range.start, zone)} to ${formatDateTimeIn(range.end, zone)}`;
  return PRESETS.find((p) => p.seconds === range.seconds)?.label ?? `Last ${Math.round(range.seconds / 60)} minutes`;
}

/** Relative and absolute ranges, the zone they are read in (switchable local / UTC), and auto-refresh. */
export function TimeRangePicker() {
  const seconds = useStore((s) => s.effectiveRange());
  const stored = useStore((s) => s.timeRange);
  const zone = useStore((s) => s.effectiveTimeZone());
  const refresh = useStore((s) => s.effectiveRefresh());
  const hidden = useStore((s) => s.pageHidden);
  // The zone's name (CET / CEST) changes only on a quarter hour (every zone's offset is a multiple
  // of 15 min): re-rendering on every 1 s tick of the clock changed nothing.
  const quarter = useStore((s) => Math.floor(s.now / 900_000) * 900_000);
  const setTimeRange = useStore((s) => s.setTimeRange);
  const setTimeZone = useStore((s) => s.setTimeZone);
  const setRefresh = useStore((s) => s.setRefresh);
  const offline = useStore((s) => s.session?.mode === 'bundle');
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState('');
  const range = stored ?? { kind: 'relative' as const, seconds };
  if (offline) return null;

  const startEditing = () => {
    const now = useStore.getState().now;
    const end = range.kind === 'absolute' ? range.end : now;
    const start = range.kind === 'absolute' ? range.start : now - range.seconds * 1000;
    setFrom(formatDateTimeIn(start, zone));
    setTo(formatDateTimeIn(end, zone));
    setError('');
    setEditing(true);
  };
  const apply = () => {
    const start = parseDateTimeIn(from, zone);
    const end = parseDateTimeIn(to, zone);
    if (start === undefined || end === undefined) return setError(`Write times as YYYY-MM-DD hh:mm (${zone === 'utc' ? 'UTC' : 'local time'}).`);
    if (end <= start) return setError('The range must end after it starts.');
    setEditing(false);
    void setTimeRange({ kind: 'absolute', start, end });
  };

  return (
    <div className="time-range" data-testid="time-range">
      <label className="time-range__field">
        <span className="sr-only">Time range</span>
        <select
          data-testid="time-range-select"
          value={range.kind === 'absolute' ? 'absolute' : String(range.seconds)}
          onChange={(e) => (e.target.value === 'absolute' ? startEditing() : void setTimeRange({ kind: 'relative', seconds: Number(e.target.value) }))}
        >
          {!PRESETS.some((p) => range.kind === 'relative' && p.seconds === range.seconds) && range.kind === 'relative' && <option value={String(range.seconds)}>{rangeText(range, zone)}</option>}
          {PRESETS.map((p) => (
            <option key={p.seconds} value={String(p.seconds)}>
              {p.label}
            </option>
          ))}
          <option value="absolute">{range.kind === 'absolute' ? rangeText(range, zone) : 'Absolute range…'}</option>
        </select>
      </label>
      <button type="button" className="btn btn--small" onClick={startEditing} data-testid="time-range-absolute">
        From / to
      </button>
      <button
        type="button"
        className="btn btn--small btn--toggle"
        data-testid="time-zone"
        aria-label={`Times are shown in ${zoneLabel(zone, quarter, localZoneName())}; switch to ${zone === 'utc' ? 'local time' : 'UTC'}`}
        title={`Switch to ${zone === 'utc' ? 'local time' : 'UTC'}`}
        onClick={() => setTimeZone(zone === 'utc' ? 'local' : 'utc')}
      >
        {zoneLabel(zone, quarter, localZoneName())}
      </button>
      <label className="time-range__field">
        <span>Refresh</span>
        <select data-testid="refresh-select" value={String(refresh)} onChange={(e) => void setRefresh(Number(e.target.value))}>
          {!REFRESH.some((r) => r.seconds === refresh) && <option value={String(refresh)}>{refresh}s</option>}
          {REFRESH.map((r) => (
            <option key={r.seconds} value={String(r.seconds)}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      {hidden && <span className="chip" data-testid="refresh-paused">paused while hidden</span>}
      {range.kind === 'absolute' && <span className="chip" data-testid="range-fixed">fixed range: not refreshing</span>}
      {editing && (
        <form
          className="time-range__absolute"
          data-testid="absolute-range"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <label>
            From <input data-testid="range-from" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="YYYY-MM-DD hh:mm" />
          </label>
          <label>
            To <input data-testid="range-to" value={to} onChange={(e) => setTo(e.target.value)} placeholder="YYYY-MM-DD hh:mm" />
          </label>
          <span className="muted">{zone === 'utc' ? 'UTC' : 'local time'}</span>
          <button type="submit" className="btn btn--small btn--primary" data-testid="range-apply">
            Apply
          </button>
          <button type="button" className="btn btn--small" onClick={() => setEditing(false)}>
            Cancel
          </button>
          {error && (
            <span role="alert" className="form-error" data-testid="range-error">
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
