import type { Alert } from '../../../shared/model/alerts';

/**
 * The alerts list's count: the firing ones, and beside them the resolved ones an incident
 * file lists (its incident's alerts that ended), so the count matches what is listed.
 */
export function AlertsCount({ alerts }: { alerts: readonly Pick<Alert, 'state'>[] }) {
  const firing = alerts.filter((a) => a.state === 'firing').length;
  const resolved = alerts.length - firing;
  return (
    <>
      <span className="count" data-testid="alerts-count" title={resolved > 0 ? `${firing} firing, ${resolved} resolved` : `${firing} firing`}>
        {firing}
      </span>
      {resolved > 0 && (
        <span className="count count--resolved" data-testid="alerts-resolved-count">
          {resolved} resolved
        </span>
      )}
    </>
  );
}
