import { useEffect, useMemo } from 'react';
import { blindText } from '../alerts/alerting-health';
import { useShallow } from 'zustand/react/shallow';
import { visibleText } from '../../../shared/text/visible-text';
import { formatAge } from '../panels/format';
import { formatInstant } from '../support/time-format';
import { useTimeFormat } from '../support/use-time-format';
import { freshness } from '../panels/staleness';
import { askNotificationPermission } from '../store/notify';
import { alertSourceDetails, sourceProblems, sourceWarnings } from '../store/source-status';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import { OpenFileButton } from '../incidents/OpenFileButton';
import { ActingAs } from '../actions/ActingAs';
import { useWall } from '../wall/wall-store';

const RANGES = [
  { label: '15m', seconds: 15 * 60 },
  { label: '30m', seconds: 30 * 60 },
  { label: '1h', seconds: 3600 },
  { label: '6h', seconds: 6 * 3600 },
];

const MODE_LABEL = { demo: 'demo fleet', stack: 'local stack', custom: 'live sources', bundle: 'offline file' } as const;

export function Header() {
  const session = useStore((s) => s.session);
  const wall = useStore((s) => s.wall);
  const theme = useStore((s) => s.theme);
  const setTheme = useStore((s) => s.setTheme);
  const setWall = useStore((s) => s.setWall);
  const doNotDisturb = useStore((s) => s.doNotDisturb);
  const setDoNotDisturb = useStore((s) => s.setDoNotDisturb);
  const openDialog = useStore((s) => s.openDialog);
  const contrast = useWall((s) => s.contrast);
  const setContrast = useWall((s) => s.setContrast);
  useWindowTitle();
  return (
    <>
    <header className="app-header" data-testid="app-header">
      <div className="app-header__brand">
        <span className="logo" aria-hidden="true">◆</span>
        <strong>Lockstep</strong>
        {session && <span className="app-header__title"><SafeText text={session.dashboard.title} /></span>}
        {session && (
          <span className={`chip chip--mode chip--${session.mode}`} data-testid="mode-chip">
            {MODE_LABEL[session.mode]}
          </span>
        )}
      </div>
      <ConnectionChip />
      <AlertingChip />
      <SourceHealthChip />
      <SourceWarningChip />
      <span className="spacer" />
      <RangePicker />
      <Clock />
      <div className="app-header__desk">
        <ActingAs />
        <NotifyButton />
        <OpenFileButton />
      </div>
      {session && (
        <button type="button" className="btn btn--ghost" onClick={() => useStore.getState().openTraceSearch()} title="Search traces, compare two, see a trace's service graph (f)" data-testid="traces-open">
          Traces
        </button>
      )}
      <button type="button" className="btn btn--ghost" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} data-testid="theme-toggle" title="Switch theme">
        {theme === 'dark' ? 'Light' : 'Dark'}
      </button>
      <button type="button" className={`btn btn--ghost${doNotDisturb ? ' is-on' : ''}`} onClick={() => setDoNotDisturb(!doNotDisturb)} aria-pressed={doNotDisturb} data-testid="dnd-toggle" title="Do not disturb: only critical notifications reach you">
        DND
      </button>
      <button type="button" className={`btn btn--ghost${wall ? ' is-on' : ''}`} onClick={() => setWall(!wall)} aria-pressed={wall} data-testid="wall-toggle" title="Large type for a wall screen (w)">
        Wall
      </button>
      <button type="button" className={`btn btn--ghost${contrast ? ' is-on' : ''}`} onClick={() => setContrast(!contrast)} aria-pressed={contrast} data-testid="contrast-toggle" title="High contrast: black, white and saturated states (contrast=1 in a wall's address)">
        Contrast
      </button>
      {session && session.mode !== 'bundle' && (
        <button type="button" className="btn btn--ghost" onClick={() => openDialog({ kind: 'settings' })} title="Data sources and secrets (s)" data-testid="settings-open">
          Settings
        </button>
      )}
      <button type="button" className="btn btn--ghost" onClick={() => openDialog({ kind: 'shortcuts' })} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
        ?
      </button>
    </header>
    <BlindBanner />
    </>
  );
}

/** The open-incident count in the window title (and so in the taskbar and the tab). */
function useWindowTitle() {
  const open = useStore((s) => s.incidents.filter((i) => i.status === 'open').length);
  const offline = useStore((s) => s.session?.mode === 'bundle');
  useEffect(() => {
    document.title = offline ? 'Lockstep — offline review' : open > 0 ? `(${open}) Lockstep — ${open} open incident${open === 1 ? '' : 's'}` : 'Lockstep';
  }, [open, offline]);
}

/** Alerting's own health: never "live" while blind. Its title says what each alert source reports of itself (version, cluster). */
function AlertingChip() {
  const time = useTimeFormat();
  const health = useStore((s) => s.alertingHealth);
  const offline = useStore((s) => s.session?.mode === 'bundle');
  const statuses = useStore((s) => s.sourceStatus);
  const sources = useStore((s) => s.session?.sources);
  const about = useMemo(() => alertSourceDetails(statuses, sources), [statuses, sources]);
  if (offline || !health) return null;
  if (!health.blind) return <span className="chip chip--ok" data-testid="alerting-state" data-state="live" title={about ? visibleText(about) : undefined}>alerts live</span>;
  return (
    <span className="chip chip--bad" data-testid="alerting-state" data-state="blind" title={visibleText(health.reasons.join('\n'))}>
      alerting blind{health.since ? ` since ${time.instant(health.since)}` : ''}
    </span>
  );
}

/** "Alerting is blind since hh:mm": a banner, since an empty alert list must never read as an all-clear. */
export function BlindBanner() {
  const text = useStore((s) => blindText(s.alertingHealth, (ms) => formatInstant(ms, { zone: s.effectiveTimeZone(), now: s.now })));
  const offline = useStore((s) => s.session?.mode === 'bundle');
  if (!text || offline) return null;
  return (
    <div className="banner banner--problem" role="alert" data-testid="blind-banner">
      <strong><SafeText text={text} /></strong> — an alert missing now is unknown, not resolved; incidents stay open.
    </div>
  );
}

function RangePicker() {
  const range = useStore((s) => s.effectiveRange());
  const setRange = useStore((s) => s.setRange);
  const fixed = useStore((s) => s.timeRange?.kind === 'absolute');
  const offline = useStore((s) => s.session?.mode === 'bundle');
  if (offline) return null;
  return (
    <div className="range-picker" role="group" aria-label="Time range" data-testid="range-picker">
      {RANGES.map((r) => (
        <button key={r.seconds} type="button" className={`btn btn--toggle${range === r.seconds && !fixed ? ' is-on' : ''}`} aria-pressed={range === r.seconds && !fixed} onClick={() => void setRange(r.seconds)}>
          {r.label}
        </button>
      ))}
    </div>
  );
}

function Clock() {
  const now = useStore((s) => s.now);
  const replayAt = useStore((s) => s.replay?.at);
  const time = useTimeFormat();
  // An incident file shows the incident's time, never the present (renderer/src/replay/Scrubber.tsx moves it).
  if (replayAt !== undefined) {
    return (
      <time className="clock clock--replay" data-testid="clock" data-replaying="true" dateTime={new Date(replayAt).toISOString()} title="The incident's time being replayed from the file, not the present">
        replaying {time.instant(replayAt)}
      </time>
    );
  }
  return (
    <time className="clock" data-testid="clock">
      {time.instant(now)}
    </time>
  );
}

/** Link state and how fresh the newest panel data is, so a frozen wall is obvious. */
/**
 * A source that stopped answering is named in the header, so a blind panel is never
 * read as all-clear; the title lists every failing source with its last error.
 */
function SourceHealthChip() {
  const time = useTimeFormat();
  const statuses = useStore((s) => s.sourceStatus);
  const sources = useStore((s) => s.session?.sources);
  const problems = useMemo(() => sourceProblems(statuses, sources), [statuses, sources]);
  const worst = problems[0];
  if (!worst) return null;
  const details = problems.map((p) => `${p.name} ${p.state}: ${p.message}${p.lastSuccessAt ? ` (last answer ${time.instant(p.lastSuccessAt)})` : ''}${p.detail ? ` — ${p.detail}` : ''}`);
  return (
    <span className={`chip ${worst.state === 'down' ? 'chip--bad' : 'chip--warn'}`} data-testid="source-health" data-state={worst.state} title={visibleText(details.join('\n'))}>
      {problems.length === 1 ? <SafeText text={`${worst.name} ${worst.state}`} /> : `${problems.length} sources failing`}
    </span>
  );
}

/** A source Lockstep talks to unsafely (TLS verification off) says so in the header for as long as it is configured that way. */
function SourceWarningChip() {
  const statuses = useStore((s) => s.sourceStatus);
  const sources = useStore((s) => s.session?.sources);
  const warnings = useMemo(() => sourceWarnings(statuses, sources), [statuses, sources]);
  if (warnings.length === 0) return null;
  return (
    <span className="chip chip--warn" data-testid="source-warning" title={visibleText(warnings.join('\n'))}>
      <SafeText text={warnings.length === 1 ? warnings[0]! : `${warnings.length} sources without TLS verification`} />
    </span>
  );
}

function ConnectionChip() {
  const connection = useStore((s) => s.connection);
  const now = useStore((s) => s.now);
  const refresh = useStore((s) => s.liveRefreshSeconds());
  const newest = useStore(
    useShallow((s) => {
      let max = 0;
      for (const entry of Object.values(s.live)) if (entry.result && entry.result.fetchedAt > max) max = entry.result.fetchedAt;
      return max;
    }),
  );
  if (connection.status === 'offline') return <span className="chip chip--offline" data-testid="connection-state" data-state="offline">no network</span>;
  if (connection.status === 'reconnecting' || connection.status === 'connecting') {
    return (
      <span className="chip chip--warn" data-testid="connection-state" data-state={connection.status} title={connection.message && visibleText(connection.message)}>
        <span className="spinner spinner--small" aria-hidden="true" /> {connection.status === 'connecting' ? 'connecting…' : `reconnecting… (try ${connection.attempt})`}
      </span>
    );
  }
  if (connection.status === 'unauthorized') return <span className="chip chip--bad" data-testid="connection-state" data-state="unauthorized">not authorised</span>;
  // Refresh off or a fixed range: nothing newer is expected, so neither "live" nor stale.
  const fresh = newest && refresh > 0 ? freshness(newest, now, refresh) : undefined;
  return (
    <span className={`chip ${fresh?.stale ? 'chip--warn' : 'chip--ok'}`} data-testid="connection-state" data-state={fresh?.stale ? 'stale' : 'live'}>
      <span className="dot dot--live" aria-hidden="true" /> {fresh ? (fresh.stale ? `data stale · ${formatAge(fresh.ageMs)}` : 'live') : 'connected'}
    </span>
  );
}

/** Browsers only grant notification permission from a click, so ask on one. */
function NotifyButton() {
  const kind = useStore((s) => s.client?.kind);
  const pushToast = useStore((s) => s.pushToast);
  const api = (globalThis as { Notification?: typeof Notification }).Notification;
  if (kind !== 'web' || !api || api.permission !== 'default') return null;
  return (
    <button
      type="button"
      className="btn btn--ghost"
      onClick={() =>
        void askNotificationPermission().then((p) => {
          if (p !== 'granted') pushToast({ id: 'notify-perm', title: 'Notifications stay in this window', body: 'The browser did not allow desktop notifications; alerts still appear here.', severity: 'info' });
        })
      }
      data-testid="notify-permission"
    >
      Enable notifications
    </button>
  );
}
