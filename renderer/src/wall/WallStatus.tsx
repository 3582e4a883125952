import { memo } from 'react';
import { ESCALATION_ALERTNAME, WATCHDOG_ALERTNAME } from '../../../shared/model/alerts';
import { useStore } from '../store/store';

/**
 * The wall's big status numbers, read from across the room: open incidents (red when any is
 * critical and unacknowledged) and firing alerts (as the alert list counts them: no watchdog, no escalation alerts). They head the side column.
 */
export const WallStatus = memo(function WallStatus() {
  const incidents = useStore((s) => s.incidents);
  const firing = useStore((s) => s.alerts.filter((a) => a.state === 'firing' && a.labels.alertname !== WATCHDOG_ALERTNAME && a.labels.alertname !== ESCALATION_ALERTNAME).length);
  const open = incidents.filter((i) => i.status === 'open');
  const urgent = open.some((i) => i.severity === 'critical' && !i.acknowledgement);
  const color = urgent ? 'bad' : open.length > 0 ? 'warn' : 'ok';
  return (
    <section className="wall-status" aria-label="Status" data-testid="wall-status">
      <figure className={`wall-status__item stat--${color}`} data-testid="wall-status-incidents" data-color={color}>
        <span className="big-number">{open.length}</span>
        <figcaption>open incident{open.length === 1 ? '' : 's'}</figcaption>
      </figure>
      <figure className={`wall-status__item stat--${firing > 0 ? 'warn' : 'ok'}`} data-testid="wall-status-alerts">
        <span className="big-number">{firing}</span>
        <figcaption>alert{firing === 1 ? '' : 's'} firing</figcaption>
      </figure>
    </section>
  );
});
