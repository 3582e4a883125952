import { useEffect, useRef } from 'react';
import type { Alert } from '../../../shared/model/alerts';
import { formatAge, formatClock } from '../panels/format';
import { useStore } from '../store/store';
import { referenceNow } from '../store/ui-slice';
import { SafeText } from '../support/SafeText';

/** Alerts, worst first; keyboard: j/k move, c acknowledge, Enter opens the incident. */
export function AlertsList() {
  const alerts = useStore((s) => s.alerts);
  const error = useStore((s) => s.alertsError);
  const loading = useStore((s) => s.alertsLoading);
  const selected = useStore((s) => s.selectedAlert);
  const focusArea = useStore((s) => s.focusArea);
  const focusRequest = useStore((s) => s.focusRequest);
  const loadAlerts = useStore((s) => s.loadAlerts);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (focusArea === 'alerts' && focusRequest > 0) listRef.current?.focus();
  }, [focusArea, focusRequest]);

  useEffect(() => {
    if (!selected) return;
    listRef.current?.querySelector(`[data-fingerprint="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const firing = alerts.filter((a) => a.state === 'firing').length;
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
      {!error && alerts.length === 0 && !loading && <p className="muted pad">No alerts. All quiet.</p>}
      <ol className="alerts__list" ref={listRef} tabIndex={0} data-testid="alerts-list" aria-activedescendant={selected ? `alert-${selected}` : undefined}>
        {alerts.map((alert) => (
          <AlertItem key={alert.fingerprint} alert={alert} selected={alert.fingerprint === selected} />
        ))}
      </ol>
    </section>
  );
}

function AlertItem({ alert, selected }: { alert: Alert; selected: boolean }) {
  const now = useStore(referenceNow);
  const readOnly = useStore((s) => s.session?.readOnly ?? true);
  const selectAlert = useStore((s) => s.selectAlert);
  const openDialog = useStore((s) => s.openDialog);
  const ack = alert.acknowledgement;
  const muted = ack !== undefined || alert.silencedBy.length > 0;
  const where = [alert.labels.city, alert.labels.service].filter(Boolean).join(' · ');
  return (
    <li
      id={`alert-${alert.fingerprint}`}
      className={`alert alert--${alert.severity}${alert.state === 'resolved' ? ' alert--resolved' : ''}${muted ? ' alert--muted' : ''}${selected ? ' is-selected' : ''}`}
      data-testid="alert-item"
      data-fingerprint={alert.fingerprint}
      data-state={alert.state}
      data-acknowledged={ack ? 'true' : 'false'}
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
          Acknowledged by <strong><SafeText text={ack.by} /></strong> {formatAge(now - ack.at)} ago — “<SafeText text={ack.comment} />” · until {formatClock(ack.until)}
        </div>
      ) : alert.silencedBy.length > 0 ? (
        <div className="alert__ack">Silenced ({alert.silencedBy.length})</div>
      ) : null}
      {alert.state === 'firing' && !ack && !readOnly && (
        <button
          type="button"
          className="btn btn--small alert__ack-btn"
          data-testid="ack-button"
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
