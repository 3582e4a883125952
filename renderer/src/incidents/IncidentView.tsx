import { useEffect, useRef } from 'react';
import { rollbackCandidate } from '../../../shared/incident/rollback-candidate';
import type { Incident } from '../../../shared/model/incident';
import { visibleText } from '../../../shared/text/visible-text';
import { formatAge, formatDateTime } from '../panels/format';
import { useStore } from '../store/store';
import { referenceNow } from '../store/ui-slice';
import { SafeText } from '../support/SafeText';
import { ExportButton } from './ExportButton';
import { Timeline } from './Timeline';

/** Open incidents first; the selected one with its timeline and what can be done about it. */
export function IncidentView() {
  const incidents = useStore((s) => s.incidents);
  const error = useStore((s) => s.incidentsError);
  const selectedId = useStore((s) => s.selectedIncidentId);
  const selectIncident = useStore((s) => s.selectIncident);
  const loadIncidents = useStore((s) => s.loadIncidents);
  const focusArea = useStore((s) => s.focusArea);
  const focusRequest = useStore((s) => s.focusRequest);
  const listRef = useRef<HTMLUListElement>(null);
  const selected = incidents.find((i) => i.id === selectedId);

  useEffect(() => {
    if (focusArea === 'incidents' && focusRequest > 0) listRef.current?.focus();
  }, [focusArea, focusRequest]);

  const open = incidents.filter((i) => i.status === 'open').length;
  return (
    <section className="side-card incidents" aria-label="Incidents" data-testid="incidents">
      <header className="side-card__head">
        <h2>
          Incidents <span className="count">{open}</span>
        </h2>
      </header>
      {error && (
        <div className="panel-message panel-message--error" role="alert">
          <SafeText text={error} />
          <button type="button" className="btn btn--small" onClick={() => void loadIncidents()}>
            Retry
          </button>
        </div>
      )}
      {incidents.length === 0 && !error && <p className="muted pad">No incidents.</p>}
      {incidents.length > 0 && (
        <ul className="incidents__list" ref={listRef} tabIndex={0} data-testid="incident-list">
          {incidents.map((incident) => (
            <li key={incident.id}>
              <button
                type="button"
                className={`incident-tab sev-border--${incident.severity}${incident.id === selectedId ? ' is-selected' : ''}`}
                onClick={() => selectIncident(incident.id)}
                data-testid="incident-item"
                data-incident-id={incident.id}
                data-status={incident.status}
              >
                <span className={`sev sev--${incident.severity}`}>{incident.status === 'open' ? incident.severity : 'resolved'}</span>
                <span className="incident-tab__title"><SafeText text={incident.title} /></span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {selected && <IncidentDetail incident={selected} />}
    </section>
  );
}

function IncidentDetail({ incident }: { incident: Incident }) {
  const now = useStore(referenceNow);
  const deployments = useStore((s) => s.deployments);
  const readOnly = useStore((s) => s.session?.readOnly ?? true);
  const openDialog = useStore((s) => s.openDialog);
  const candidate = incident.status === 'open' ? rollbackCandidate(incident, deployments) : undefined;

  return (
    <article className="incident" data-testid="incident-detail" data-incident-id={incident.id}>
      <h3 className="incident__title"><SafeText text={incident.title} /></h3>
      <dl className="incident__facts">
        <dt>Severity</dt>
        <dd className={`sev-text--${incident.severity}`}>{incident.severity}</dd>
        {incident.service && (
          <>
            <dt>Service</dt>
            <dd><SafeText text={incident.service} /></dd>
          </>
        )}
        <dt>Opened</dt>
        <dd>
          {formatDateTime(incident.openedAt)} ({formatAge(now - incident.openedAt)} ago)
        </dd>
        <dt>Status</dt>
        <dd>{incident.status === 'open' ? 'open' : `resolved ${incident.resolvedAt ? formatDateTime(incident.resolvedAt) : ''}`}</dd>
      </dl>
      <div className="incident__actions">
        {candidate && (
          <button
            type="button"
            className={`btn btn--danger btn--rollback-${candidate.target}`}
            disabled={readOnly}
            title={readOnly ? 'Offline review — read only' : visibleText(`${candidate.reason}: switch its traffic back to ${candidate.target}`)}
            onClick={() => openDialog({ kind: 'rollback', incidentId: incident.id, service: candidate.service, targetColor: candidate.target })}
            data-testid="rollback-button"
          >
            Roll back <SafeText text={candidate.service} /> to {candidate.target}
          </button>
        )}
        {candidate && <p className="incident__rollback-reason" data-testid="rollback-reason">Why: <SafeText text={candidate.reason} /></p>}
        <ExportButton incidentId={incident.id} disabled={readOnly} />
      </div>
      <Timeline incidentId={incident.id} />
    </article>
  );
}
