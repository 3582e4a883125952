import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Alert, ESCALATION_ALERTNAME } from '../../../shared/model/alerts';
import type { Incident } from '../../../shared/model/incident';
import { formatAge } from '../panels/format';
import { formatInstant } from '../support/time-format';
import { useTimeFormat } from '../support/use-time-format';
import { useStore } from '../store/store';
import { useAgeNow } from '../support/use-age-now';
import { SafeText } from '../support/SafeText';
import { isMuted } from '../store/alerts-slice';
import { alertingBlockedReason, blindText } from './alerting-health';
import { AlertRouting } from './AlertRouting';
import { AlertsCount } from './AlertsCount';
import { useActingPermission } from '../actions/use-acting';
import { AlertsStaleMark } from '../wall/stale-marks';
import { useAlertsAsOf } from '../replay/use-replay';

/** The instants the items show ages of: when each firing alert began, when each was acknowledged. */
function ageInstants(alerts: readonly Alert[]): number[] {
  const instants: number[] = [];
  for (const alert of alerts) {
    if (alert.state !== 'resolved') instants.push(alert.startsAt);
    if (alert.acknowledgement) instants.push(alert.acknowledgement.at);
  }
  return instants;
}

/** Alerts, worst first; keyboard: j/k move, c acknowledge, Enter opens the incident. */
export const AlertsList = memo(function AlertsList() {
  // Replaying an incident file: each alert as it stood at the replayed instant, those not fired yet counted.
  const { alerts, notYet } = useAlertsAsOf();
  const replaying = useStore((s) => s.replay !== null);
  const error = useStore((s) => s.alertsError);
  const loading = useStore((s) => s.alertsLoading);
  const selected = useStore((s) => s.selectedAlert);
  const focusArea = useStore((s) => s.focusArea);
  const focusRequest = useStore((s) => s.focusRequest);
  const loadAlerts = useStore((s) => s.loadAlerts);
  const blind = useStore((s) => blindText(s.alertingHealth, (ms) => formatInstant(ms, { zone: s.effectiveTimeZone(), now: s.now })));
  const incidents = useStore((s) => s.incidents);
  const sessionSources = useStore((s) => s.session?.sources);
  const sourceNames = useMemo(() => new Map((sessionSources ?? []).map((source) => [source.id, source.name])), [sessionSources]);
  const offline = useStore((s) => s.session?.readOnly ?? true);
  const acting = useActingPermission();
  const blocked = useStore((s) => alertingBlockedReason(s.alertingHealth, s.alertsError));
  const selectAlert = useStore((s) => s.selectAlert);
  const openDialog = useStore((s) => s.openDialog);
  const acknowledge = useCallback((fingerprint: string) => openDialog({ kind: 'ack', fingerprint }), [openDialog]);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (focusArea === 'alerts' && focusRequest > 0) listRef.current?.focus();
  }, [focusArea, focusRequest]);

  useEffect(() => {
    if (!selected) return;
    listRef.current?.querySelector(`[data-fingerprint="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  // Escalation alerts belong to their source alert: shown on it ("escalated to B"), not as alerts of their own.
  const shown = useMemo(() => alerts.filter((a) => a.labels.alertname !== ESCALATION_ALERTNAME), [alerts]);
  const escalations = useMemo(() => escalationIndex(alerts), [alerts]);
  const silencedTexts = useMemo(() => silencedIndex(incidents), [incidents]);
  // Worst first, a page at a time: past a few hundred the list is read through its incidents,
  // and drawing thousands of rows would stall the window. The selected alert is always drawn.
  const selectedIndex = selected ? shown.findIndex((a) => a.fingerprint === selected) : -1;
  const visible = shown.slice(0, Math.max(limit, selectedIndex + 1));
  // Read once here and handed to the items (thousands of per-item subscriptions cost more than
  // drawing the list), and moving only when an age the items show would read differently.
  const now = useAgeNow(ageInstants(visible));
  return (
    <section className="side-card alerts" aria-label="Alerts">
      <header className="side-card__head">
        <h2>
          Alerts <AlertsCount alerts={shown} />
        </h2>
        {loading && alerts.length === 0 && <span className="spinner" aria-label="loading" />}
        <AlertsStaleMark />
      </header>
      {error && (
        <div className="panel-message panel-message--error" role="alert">
          <SafeText text={error} />
          {!offline && (
            <button type="button" className="btn btn--small" onClick={() => void loadAlerts()}>
              Retry
            </button>
          )}
        </div>
      )}
      {blind && (
        <div className="panel-message panel-message--error" role="alert" data-testid="alerts-blind">
          <SafeText text={blind} />. An alert missing now is unknown, not resolved.
        </div>
      )}
      {!error && !blind && shown.length === 0 && !loading && <p className="muted pad">{replaying ? 'No alert had fired by this point of the incident.' : 'No alerts. All quiet.'}</p>}
      <ol className="alerts__list" ref={listRef} tabIndex={0} data-testid="alerts-list" aria-activedescendant={selected ? `alert-${selected}` : undefined}>
        {visible.map((alert) => (
          <AlertItem
            key={alert.fingerprint}
            alert={alert}
            selected={alert.fingerprint === selected}
            escalation={escalations.get(escalationKey(alert.name, alert.labels))}
            silencedText={silencedTexts.get(alert.fingerprint)}
            sourceNames={sourceNames}
            now={now}
            offline={offline}
            actReason={acting.reason}
            blocked={blocked}
            onSelect={selectAlert}
            onAcknowledge={acknowledge}
          />
        ))}
      </ol>
      {replaying && notYet > 0 && (
        <p className="muted pad" data-testid="alerts-not-yet">
          {notYet.toLocaleString('en')} more alert{notYet === 1 ? '' : 's'} in this file had not fired yet at this point.
        </p>
      )}
      {shown.length > visible.length && (
        <p className="muted pad" data-testid="alerts-more">
          {(shown.length - visible.length).toLocaleString('en')} more alerts, in the incidents below.{' '}
          <button type="button" className="btn btn--small" onClick={() => setLimit((n) => n + PAGE_SIZE)} data-testid="alerts-more-button">
            Show {Math.min(PAGE_SIZE, shown.length - visible.length)} more
          </button>
        </p>
      )}
    </section>
  );
});

/** Alerts drawn at once; more on request. */
const PAGE_SIZE = 200;

/** What ties an escalation alert to the alert it escalates: its name and the grouping labels it copies. */
const escalationKey = (alertname: string, labels: Readonly<Record<string, string>>) =>
  [alertname, labels.service ?? '', labels.city ?? '', labels.provider ?? ''].join('\u0000');

/** For each escalated alert, the highest level it reached, from the firing escalation alerts (one pass). */
function escalationIndex(all: readonly Alert[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const e of all) {
    if (e.state !== 'firing' || e.labels.alertname !== ESCALATION_ALERTNAME || !e.labels.escalated_alert) continue;
    const key = escalationKey(e.labels.escalated_alert, e.labels);
    const level = e.labels.escalation ?? '';
    if (level > (index.get(key) ?? '')) index.set(key, level);
  }
  return index;
}

/** Who silenced each firing member, as the incidents say it ("author: comment"), by fingerprint (one pass). */
function silencedIndex(incidents: readonly Incident[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const incident of incidents) {
    for (const member of incident.members ?? []) {
      if (member.endedAt === undefined && member.silencedBy?.length && !index.has(member.fingerprint)) index.set(member.fingerprint, member.silencedBy.join('; '));
    }
  }
  return index;
}

interface AlertItemProps {
  alert: Alert;
  selected: boolean;
  escalation: string | undefined;
  silencedText: string | undefined;
  /** Source id → name, to say which Alertmanagers list an alert several have. */
  sourceNames: ReadonlyMap<string, string>;
  now: number;
  offline: boolean;
  /** Why this console may not act (a viewer), if it may not. */
  actReason: string | undefined;
  blocked: string | undefined;
  onSelect(fingerprint: string): void;
  onAcknowledge(fingerprint: string): void;
}

const AlertItem = memo(function AlertItem({ alert, selected, escalation, silencedText, sourceNames, now, offline, actReason, blocked, onSelect, onAcknowledge }: AlertItemProps) {
  const time = useTimeFormat();
  const ack = alert.acknowledgement;
  const muted = isMuted(alert);
  const inhibited = (alert.inhibitedBy?.length ?? 0) > 0;
  const where = [alert.labels.city, alert.labels.service].filter(Boolean).join(' · ');
  return (
    <li
      id={`alert-${alert.fingerprint}`}
      className={`alert alert--${alert.severity}${alert.state === 'resolved' ? ' alert--resolved' : ''}${muted ? ' alert--muted' : ''}${selected ? ' is-selected' : ''}`}
      data-testid="alert-item"
      data-fingerprint={alert.fingerprint}
      data-alertname={alert.name}
      data-service={alert.labels.service ?? ''}
      data-state={alert.state}
      data-acknowledged={ack ? 'true' : 'false'}
      data-inhibited={inhibited ? 'true' : 'false'}
      onClick={() => onSelect(alert.fingerprint)}
    >
      <div className="alert__row">
        <span className={`sev sev--${alert.severity}`}>{alert.severity}</span>
        <strong className="alert__name"><SafeText text={alert.name} /></strong>
        <span className="alert__age" title={time.instant(alert.startsAt)}>
          {alert.state === 'resolved' ? 'resolved' : formatAge(now - alert.startsAt)}
        </span>
      </div>
      {alert.annotations.summary && <div className="alert__summary"><SafeText text={alert.annotations.summary} /></div>}
      {where && <div className="alert__labels"><SafeText text={where} /></div>}
      <AlertRouting receivers={alert.receivers} sourceNames={alert.sources?.map((id) => sourceNames.get(id) ?? id)} />
      {ack ? (
        <div className="alert__ack" data-testid="alert-ack-info">
          Acknowledged by <strong><SafeText text={ack.by} /></strong> {formatAge(now - ack.at)} ago — “<SafeText text={ack.comment} />”
        </div>
      ) : alert.silencedBy.length > 0 ? (
        <div className="alert__ack" data-testid="alert-silenced-info">
          Silenced{silencedText ? <> by <SafeText text={silencedText} /></> : ''} — notifies nobody
        </div>
      ) : null}
      {escalation && alert.state === 'firing' && !ack && (
        <div className="alert__ack" data-testid="alert-escalated-info">Escalated to {escalation.toUpperCase()}: nobody acknowledged it</div>
      )}
      {inhibited && (
        <div className="alert__ack" data-testid="alert-inhibited-info">
          Inhibited by another alert (its cause) — notifies nobody
        </div>
      )}
      {alert.state === 'firing' && !ack && !offline && !inhibited && (
        <button
          type="button"
          className="btn btn--small alert__ack-btn"
          data-testid="ack-button"
          disabled={blocked !== undefined || actReason !== undefined}
          title={actReason ?? blocked ?? 'Acknowledge the incident this alert belongs to'}
          onClick={(e) => {
            e.stopPropagation();
            onSelect(alert.fingerprint);
            onAcknowledge(alert.fingerprint);
          }}
        >
          Acknowledge
        </button>
      )}
    </li>
  );
});
