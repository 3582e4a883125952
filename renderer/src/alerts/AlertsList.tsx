import { useEffect, useRef } from 'react';
import { type Alert, ESCALATION_ALERTNAME } from '../../../shared/model/alerts';
import { formatAge, formatClock } from '../panels/format';
import { useStore } from '../store/store';
import { referenceNow } from '../store/ui-slice';
import { SafeText } from '../support/SafeText';
import { isMuted } from '../store/alerts-slice';
import { alertingBlockedReason, blindText } from './alerting-health';
import { useActingPermission } from '../actions/use-acting';

/** Alerts, worst first; keyboard: j/k move, c acknowledge, Enter opens the incident. */
export function AlertsList() {
  const alerts = useStore((s) => s.alerts);
  const error = useStore((s) => s.alertsError);
  const loading = useStore((s) => s.alertsLoading);
  const selected = useStore((s) => s.selectedAlert);
  const focusArea = useStore((s) => s.focusArea);
  const focusRequest = useStore((s) => s.focusRequest);
  const loadAlerts = useStore((s) => s.loadAlerts);
  const blind = useStore((s) => blindText(s.alertingHealth));
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (focusArea === 'alerts' && focusRequest > 0) listRef.current?.focus();
  }, [focusArea, focusRequest]);

  useEffect(() => {
    if (!selected) return;
    listRef.current?.querySelector(`[data-fingerprint="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  // Escalation alerts belong to their source alert: shown on it ("escalated to B"), not as alerts of their own.
  const shown = alerts.filter((a) => a.labels.alertname !== ESCALATION_ALERTNAME);
  const firing = shown.filter((a) => a.state === 'firing').length;
  return (
    <section className="side-card alerts" aria-label="Alerts">
      <header className="side-card__head">
        <h2>
          Alerts <span className="count">{firing}</span>
        </h2>
        {loading && alerts.length === 0 && <span className="spinner" aria-label="loading" />}
      </header>
      {error && (
        <div className="panel-message panel-message--error" role="alert">
          <SafeText text={error} />
          <button type="button" className="btn btn--small" onClick={() => void loadAlerts()}>
            Retry
          </button>
        </div>
      )}
      {blind && (
        <div className="panel-message panel-message--error" role="alert" data-testid="alerts-blind">
          <SafeText text={blind} />. An alert missing now is unknown, not resolved.
        </div>
      )}
      {!error && !blind && shown.length === 0 && !loading && <p className="muted pad">No alerts. All quiet.</p>}
      <ol className="alerts__list" ref={listRef} tabIndex={0} data-testid="alerts-list" aria-activedescendant={selected ? `alert-${selected}` : undefined}>
        {shown.map((alert) => (
          <AlertItem key={alert.fingerprint} alert={alert} selected={alert.fingerprint === selected} escalation={escalationOf(alert, alerts)} />
        ))}
      </ol>
    </section>
  );
}

/** The highest level an alert was escalated to, from the escalation alerts carrying its labels. */
function escalationOf(alert: Alert, all: readonly Alert[]): string | undefined {
  const levels = all
    .filter((e) => e.state === 'firing' && e.labels.alertname === ESCALATION_ALERTNAME && e.labels.escalated_alert === alert.name)
    .filter((e) => ['service', 'city', 'provider'].every((k) => (e.labels[k] ?? '') === (alert.labels[k] ?? '')))
    .map((e) => e.labels.escalation ?? '')
    .sort();
  return levels.at(-1);
}

function AlertItem({ alert, selected, escalation }: { alert: Alert; selected: boolean; escalation: string | undefined }) {
  const now = useStore(referenceNow);
  const offline = useStore((s) => s.session?.readOnly ?? true);
  const acting = useActingPermission();
  const selectAlert = useStore((s) => s.selectAlert);
  const openDialog = useStore((s) => s.openDialog);
  const ack = alert.acknowledgement;
  const muted = isMuted(alert);
  const inhibited = (alert.inhibitedBy?.length ?? 0) > 0;
  const blocked = useStore((s) => alertingBlockedReason(s.alertingHealth, s.alertsError));
  const silencedText = useStore((s) => {
    for (const incident of s.incidents) {
      const member = incident.members?.find((m) => m.fingerprint === alert.fingerprint && m.endedAt === undefined);
      if (member?.silencedBy?.length) return member.silencedBy.join('; ');
    }
    return undefined;
  });
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
      onClick={() => selectAlert(alert.fingerprint)}
    >
      <div className="alert__row">
        <span className={`sev sev--${alert.severity}`}>{alert.severity}</span>
        <strong className="alert__name"><SafeText text={alert.name} /></strong>
        <span className="alert__age" title={formatClock(alert.startsAt)}>
          {alert.state === 'resolved' ? 'resolved' : formatAge(now - alert.startsAt)}
        </span>
      </div>
      {alert.annotations.summary && <div className="alert__summary"><SafeText text={alert.annotations.summary} /></div>}
      {where && <div className="alert__labels"><SafeText text={where} /></div>}
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
          disabled={blocked !== undefined || !acting.canAct}
          title={acting.reason ?? blocked ?? 'Acknowledge the incident this alert belongs to'}
          onClick={(e) => {
            e.stopPropagation();
            selectAlert(alert.fingerprint);
            openDialog({ kind: 'ack', fingerprint: alert.fingerprint });
          }}
        >
          Acknowledge
        </button>
      )}
    </li>
  );
}
