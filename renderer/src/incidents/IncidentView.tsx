import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { ActionResult } from '../../../shared/api/actions';
import type { Incident } from '../../../shared/model/incident';
import { NOTE_MAX_CHARS } from '../../../shared/incident/notes';
import { errorText } from '../api/parse';
import { alertingBlockedReason, blindText } from '../alerts/alerting-health';
import { formatAge } from '../panels/format';
import { formatInstant } from '../support/time-format';
import { useTimeFormat } from '../support/use-time-format';
import { visibleIncidents } from '../store/incidents-slice';
import { useStore } from '../store/store';
import { useAgeNow } from '../support/use-age-now';
import { newIdempotencyKey } from '../support/ids';
import { SafeText } from '../support/SafeText';
import { ExportButton } from './ExportButton';
import { RollbackOffer } from './RollbackOffer';
import { Timeline } from './Timeline';
import { IncidentsStaleMark } from '../wall/stale-marks';
import { useActingPermission } from '../actions/use-acting';
import { nextLevel as nextLevelAfter } from '../../../shared/escalation/summary';
import { useIncidentsAsOf } from '../replay/use-replay';

const DEFAULT_LEVELS = [{ name: 'a' }, { name: 'b' }, { name: 'c' }] as ReadonlyArray<{ name: string; pages?: string }>;
import { resultHeadline } from '../actions/describe-action';
import { ServiceSwatch } from '../support/ServiceSwatch';

const STATE_LABEL: Record<NonNullable<Incident['state']>, string> = {
  firing: 'firing',
  acknowledged: 'acknowledged',
  escalated: 'escalated',
  resolved: 'resolved',
};

export function incidentState(incident: Incident): NonNullable<Incident['state']> {
  return incident.state ?? (incident.status === 'resolved' ? 'resolved' : 'firing');
}

/** Incidents (open first; filter and sort by severity and age); the selected one with its timeline and what can be done. */
export const IncidentView = memo(function IncidentView() {
  // Replaying an incident file: the incidents as they stood at the replayed instant.
  const incidents = useIncidentsAsOf();
  const replaying = useStore((s) => s.replay !== null);
  const offline = useStore((s) => s.session?.readOnly ?? true);
  const error = useStore((s) => s.incidentsError);
  const selectedId = useStore((s) => s.selectedIncidentId);
  const selectIncident = useStore((s) => s.selectIncident);
  const loadIncidents = useStore((s) => s.loadIncidents);
  const focusArea = useStore((s) => s.focusArea);
  const focusRequest = useStore((s) => s.focusRequest);
  const filter = useStore((s) => s.incidentFilter);
  const sort = useStore((s) => s.incidentSort);
  const setFilter = useStore((s) => s.setIncidentFilter);
  const setSort = useStore((s) => s.setIncidentSort);
  const blind = useStore((s) => blindText(s.alertingHealth, (ms) => formatInstant(ms, { zone: s.effectiveTimeZone(), now: s.now })));
  const listRef = useRef<HTMLUListElement>(null);
  const shown = useMemo(() => visibleIncidents(incidents, filter, sort), [incidents, filter, sort]);
  const selected = incidents.find((i) => i.id === selectedId);

  useEffect(() => {
    if (focusArea === 'incidents' && focusRequest > 0) listRef.current?.focus();
  }, [focusArea, focusRequest]);

  const open = incidents.filter((i) => i.status === 'open').length;
  return (
    <section className="side-card incidents" aria-label="Incidents" data-testid="incidents">
      <header className="side-card__head">
        <h2>
          Incidents <span className="count" data-testid="incident-count">{open}</span>
        </h2>
        <IncidentsStaleMark />
        <div className="incidents__controls" role="group" aria-label="Filter and sort incidents">
          <select value={filter.status} onChange={(e) => setFilter({ status: e.target.value as 'open' | 'all' })} data-testid="incident-filter-status" aria-label="Which incidents">
            <option value="all">all</option>
            <option value="open">open only</option>
          </select>
          <select value={filter.severity} onChange={(e) => setFilter({ severity: e.target.value as 'all' | 'critical' | 'warning' })} data-testid="incident-filter-severity" aria-label="Severity">
            <option value="all">any severity</option>
            <option value="critical">critical</option>
            <option value="warning">warning</option>
          </select>
          <select value={sort} onChange={(e) => setSort(e.target.value as 'severity' | 'age')} data-testid="incident-sort" aria-label="Sort by">
            <option value="severity">worst first</option>
            <option value="age">newest first</option>
          </select>
        </div>
      </header>
      {blind && (
        <div className="panel-message panel-message--error" role="alert" data-testid="incidents-blind">
          <SafeText text={blind} />. Open incidents stay open until alerting can see again.
        </div>
      )}
      {error && (
        <div className="panel-message panel-message--error" role="alert">
          <SafeText text={error} />
          {!offline && (
            <button type="button" className="btn btn--small" onClick={() => void loadIncidents()}>
              Retry
            </button>
          )}
        </div>
      )}
      {shown.length === 0 && !error && <p className="muted pad">{blind ? 'No incidents known — alerting is blind, so this is not an all-clear.' : incidents.length > 0 ? 'No incidents match the filter.' : replaying ? 'The incident had not opened yet at this point.' : 'No incidents.'}</p>}
      {shown.length > 0 && (
        <ul className="incidents__list" ref={listRef} tabIndex={0} data-testid="incident-list">
          {shown.map((incident) => {
            const state = incidentState(incident);
            return (
              <li key={incident.id}>
                <button
                  type="button"
                  className={`incident-tab sev-border--${incident.severity}${incident.id === selectedId ? ' is-selected' : ''}`}
                  onClick={() => selectIncident(incident.id)}
                  data-testid="incident-item"
                  data-incident-id={incident.id}
                  data-status={incident.status}
                  data-state={state}
                  data-services={[...new Set((incident.members ?? []).flatMap((m) => (m.labels.service ? [m.labels.service] : [])))].sort().join(',')}
                >
                  <span className={`sev sev--${incident.severity}`}>{incident.status === 'open' ? incident.severity : 'resolved'}</span>
                  {incident.service && <ServiceSwatch service={incident.service} testId="incident-service-swatch" title={incident.service} />}
                  <span className="incident-tab__title"><SafeText text={incident.title} /></span>
                  {incident.status === 'open' && <span className={`chip chip--state chip--${state}`} data-testid="incident-state">{incident.unknown ? 'unknown' : STATE_LABEL[state]}</span>}
                  {incident.status === 'open' && incident.quietSince !== undefined && <span className="chip chip--recovering" data-testid="incident-recovering">recovering</span>}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {selected && <IncidentDetail incident={selected} />}
    </section>
  );
});

function IncidentDetail({ incident }: { incident: Incident }) {
  const time = useTimeFormat();
  const now = useAgeNow([incident.openedAt]);
  const readOnly = useStore((s) => s.session?.readOnly ?? true);
  const acting = useActingPermission();
  const state = incidentState(incident);
  const members = incident.members ?? [];

  return (
    <article className="incident" data-testid="incident-detail" data-incident-id={incident.id} data-state={state}>
      <h3 className="incident__title"><SafeText text={incident.title} /></h3>
      <dl className="incident__facts">
        <dt>State</dt>
        <dd data-testid="incident-detail-state">
          {STATE_LABEL[state]}
          {incident.unknown && ' (unknown: alerting is blind)'}
          {incident.status === 'open' && incident.quietSince !== undefined && incident.resolvesAt !== undefined && (
            <span data-testid="incident-quiet">
              {` — recovering: all its alerts ended at ${time.instant(incident.quietSince)}; it resolves at ${time.instant(incident.resolvesAt)} unless one fires again`}
            </span>
          )}
        </dd>
        <dt>Severity</dt>
        <dd className={`sev-text--${incident.severity}`}>{incident.severity}</dd>
        {incident.cause && (
          <>
            <dt>Probable cause</dt>
            <dd data-testid="incident-cause"><SafeText text={incident.cause} /></dd>
          </>
        )}
        <dt>Opened</dt>
        <dd>
          {time.instant(incident.openedAt)} ({formatAge(now - incident.openedAt)} ago)
        </dd>
        {incident.status === 'resolved' && (
          <>
            <dt>Resolved</dt>
            <dd>
              {incident.resolvedAt ? time.instant(incident.resolvedAt) : ''}
              {incident.resolvedBy && <> by <SafeText text={incident.resolvedBy} /></>}
            </dd>
          </>
        )}
        {incident.acknowledgement && (
          <>
            <dt>Acknowledged</dt>
            <dd data-testid="incident-ack-info">
              by <strong><SafeText text={incident.acknowledgement.by} /></strong> at {time.instant(incident.acknowledgement.at)} — “<SafeText text={incident.acknowledgement.comment} />”
            </dd>
          </>
        )}
        {incident.escalation && (
          <>
            <dt>Escalated</dt>
            <dd data-testid="incident-escalation">to {incident.escalation.level.toUpperCase()} at {time.instant(incident.escalation.at)}</dd>
          </>
        )}
        {incident.silencedBy && incident.silencedBy.length > 0 && (
          <>
            <dt>Silenced</dt>
            <dd data-testid="incident-silenced">by <SafeText text={incident.silencedBy.join('; ')} /></dd>
          </>
        )}
      </dl>
      {members.length > 0 && (
        <ul className="incident__members" data-testid="incident-members">
          {members.map((m) => (
            <li key={`${m.fingerprint}@${m.startsAt}`} data-testid="incident-member" data-inhibited={m.inhibited ? 'true' : 'false'} className={m.endedAt !== undefined ? 'muted' : undefined}>
              <span className={`sev sev--${m.severity}`}>{m.severity}</span> <SafeText text={m.name} />
              {(m.labels.service || m.labels.city || m.labels.provider) && (
                <span className="muted"> · <SafeText text={[m.labels.service, m.labels.city, m.labels.provider].filter(Boolean).join(' · ')} /></span>
              )}
              {m.inhibited && <span className="chip chip--muted"> inhibited</span>}
              {m.endedAt !== undefined && <span className="muted"> · ended {time.instant(m.endedAt)}</span>}
            </li>
          ))}
        </ul>
      )}
      <div className="incident__actions">
        {/* This detail draws again when its age reads differently; the parts below are memo'd and do not. */}
        {!readOnly && incident.status === 'open' && <IncidentActions incident={incident} />}
        <RollbackOffer incidentId={incident.id} open={incident.status === 'open'} />
        {/* An incident file is already the export: nothing to offer offline. */}
        {!readOnly && <ExportButton incidentId={incident.id} disabled={readOnly} />}
      </div>
      {acting.canAct && <NoteField key={incident.id} incident={incident} />}
      <Timeline incidentId={incident.id} />
    </article>
  );
}

/** Acknowledge (or say who has it), un-acknowledge, escalate now, resolve by hand. */
const IncidentActions = memo(function IncidentActions({ incident }: { incident: Incident }) {
  const openDialog = useStore((s) => s.openDialog);
  const acting = useActingPermission();
  const alertingBlocked = useStore((s) => alertingBlockedReason(s.alertingHealth, s.alertsError));
  // A viewer sees what it could do and why it may not; blind alerting blocks everyone.
  const blocked = acting.reason ?? alertingBlocked;
  const unacknowledge = useStore((s) => s.unacknowledgeIncident);
  const resolve = useStore((s) => s.resolveIncident);
  const escalate = useStore((s) => s.escalateIncident);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<ActionResult>) => {
    setBusy(true);
    try {
      const result = await work();
      setOutcome({ ok: result.status === 'succeeded', text: result.message });
    } catch (error) {
      setOutcome({ ok: false, text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  // The team's policy (from the session) names the levels; a host that does not say keeps A → B → C.
  const levels = useStore((s) => s.session?.escalation?.levels) ?? DEFAULT_LEVELS;
  const nextLevel = nextLevelAfter(levels, incident.escalation?.level);
  const nextPages = levels.find((l) => l.name === nextLevel)?.pages;
  const ack = incident.acknowledgement;
  return (
    <>
      {ack ? (
        <button type="button" className="btn" disabled={busy || blocked !== undefined} title={blocked ?? `${ack.by} has it; un-acknowledging lets it page again`} data-testid="incident-unack-button" onClick={() => void run(() => unacknowledge(incident.id, newIdempotencyKey()))}>
          Un-acknowledge
        </button>
      ) : (
        <button type="button" className="btn btn--primary" disabled={busy || blocked !== undefined} title={blocked ?? 'Acknowledge this incident: its alerts and escalation are silenced while it is open'} data-testid="incident-ack-button" onClick={() => openDialog({ kind: 'ack', fingerprint: incident.id })}>
          Acknowledge
        </button>
      )}
      {nextLevel && !ack && (
        <button type="button" className="btn" disabled={busy || blocked !== undefined} title={blocked ?? `Page level ${nextLevel.toUpperCase()} now${nextPages ? `: ${nextPages}` : ''}`} data-testid="incident-escalate-button" onClick={() => void run(() => escalate(incident.id, nextLevel, newIdempotencyKey()))}>
          Escalate now to {nextLevel.toUpperCase()}
          {nextPages && <span className="muted"> — <SafeText text={nextPages} /></span>}
        </button>
      )}
      <button type="button" className="btn btn--ghost" disabled={busy || blocked !== undefined} title={blocked ?? 'Resolve by hand: its alerts are muted until they end'} data-testid="incident-resolve-button" onClick={() => void run(() => resolve(incident.id, 'resolved by hand', newIdempotencyKey()))}>
        Resolve
      </button>
      {blocked && <p className="incident__rollback-reason" data-testid="incident-actions-blocked"><SafeText text={blocked} /></p>}
      {outcome && (
        <p className={`incident__rollback-reason ${outcome.ok ? '' : 'form__error'}`} role="status" data-testid="incident-action-result">
          <SafeText text={outcome.text} />
        </p>
      )}
    </>
  );
});

/**
 * "Add note": free text on the incident's timeline, on every console that polls the same
 * Alertmanager (a `LockstepNote` alert that pages nobody). Enter adds it, Shift+Enter starts
 * a new line, Escape drops the draft. Not shown to a viewer. The same text sent again after
 * an error keeps its idempotency key, so a retry is one note.
 */
function NoteField({ incident }: { incident: Incident }) {
  const addNote = useStore((s) => s.addIncidentNote);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const sent = useRef<{ text: string; key: string } | undefined>(undefined);
  const trimmed = text.trim();
  const near = text.length > NOTE_MAX_CHARS - 200;

  const submit = async () => {
    if (!trimmed || busy) return;
    if (sent.current?.text !== trimmed) sent.current = { text: trimmed, key: newIdempotencyKey() };
    const { key } = sent.current;
    setBusy(true);
    try {
      const result = await addNote(incident.id, trimmed, key);
      const taken = result.status === 'succeeded' || result.status === 'pending';
      if (taken) {
        setText('');
        sent.current = undefined;
      }
      setOutcome({ ok: taken, text: `${resultHeadline(result.status, 'Note added.', 'Note not added.')} ${result.message}` });
    } catch (error) {
      setOutcome({ ok: false, text: `${errorText(error)} You can try again; it will not be added twice.` });
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setText('');
      setOutcome(undefined);
      sent.current = undefined;
      event.currentTarget.blur();
    }
  };

  return (
    <form
      className="note-form"
      data-testid="note-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="note-form__label" htmlFor={`note-${incident.id}`}>
        Add note
      </label>
      <textarea
        id={`note-${incident.id}`}
        className="note-form__text"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        maxLength={NOTE_MAX_CHARS}
        rows={2}
        // Read-only, not disabled, while it is sent: the field keeps the keyboard focus for the next note.
        readOnly={busy}
        aria-busy={busy}
        placeholder="What you see or did — every console shows it. Enter adds, Shift+Enter new line, Escape clears."
        data-testid="note-text"
      />
      <div className="note-form__row">
        {near && (
          <span className="muted note-form__count" aria-live="polite" data-testid="note-count">
            {text.length.toLocaleString('en')} / {NOTE_MAX_CHARS.toLocaleString('en')} characters
          </span>
        )}
        <button type="submit" className="btn btn--small" disabled={busy || !trimmed} data-testid="note-submit">
          {busy ? 'Adding…' : 'Add note'}
        </button>
      </div>
      {outcome && (
        <p className={`note-form__result${outcome.ok ? '' : ' form__error'}`} role="status" data-testid="note-result">
          <SafeText text={outcome.text} />
        </p>
      )}
    </form>
  );
}
