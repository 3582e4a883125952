import { useState } from 'react';
import type { ActionResult } from '../../../shared/api/actions';
import type { Incident } from '../../../shared/model/incident';
import { errorText } from '../api/parse';
import { useTimeFormat } from '../support/use-time-format';
import { useStore } from '../store/store';
import { newIdempotencyKey } from '../support/ids';
import { SafeText } from '../support/SafeText';
import { Modal } from '../dialogs/Modal';
import { alertingBlockedReason } from './alerting-health';

type Phase = { kind: 'editing' } | { kind: 'sending' } | { kind: 'done'; result: ActionResult } | { kind: 'error'; message: string };

/** The incident an ack dialog is about: opened for an incident, or for one of its alerts (the `c` key). */
function useIncidentFor(id: string): Incident | undefined {
  return useStore((s) => s.incidents.find((i) => i.id === id) ?? s.incidents.find((i) => i.status === 'open' && i.alerts.includes(id)));
}

/**
 * Acknowledge an incident: who and why. It becomes an `ACK!` silence on the incident's
 * alert groups — a lease the consoles renew while it is open and that ends with it. When
 * someone already has it, the dialog says who instead. A retry reuses the same key.
 */
export function AckDialog({ fingerprint }: { fingerprint: string }) {
  const incident = useIncidentFor(fingerprint);
  const time = useTimeFormat();
  const actor = useStore((s) => s.actor);
  // Where the host fixes who acts (a named credential, the OS user), nobody types a name.
  const actingAs = useStore((s) => s.session?.actingAs);
  const setActor = useStore((s) => s.setActor);
  const acknowledgeIncident = useStore((s) => s.acknowledgeIncident);
  const closeDialog = useStore((s) => s.closeDialog);
  const blocked = useStore((s) => alertingBlockedReason(s.alertingHealth, s.alertsError));
  const [author, setAuthor] = useState(actor);
  const [comment, setComment] = useState('');
  const [key] = useState(newIdempotencyKey);
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [touched, setTouched] = useState(false);

  const problem = !actingAs && !author.trim() ? 'Say who is acknowledging.' : !comment.trim() ? 'A comment helps the next person: what are you doing about it?' : undefined;
  const holder = phase.kind === 'editing' ? incident?.acknowledgement : undefined;

  const submit = async (event?: React.FormEvent) => {
    event?.preventDefault();
    setTouched(true);
    if (problem || phase.kind === 'sending' || !incident) return;
    setPhase({ kind: 'sending' });
    if (!actingAs && author.trim() !== actor) setActor(author.trim());
    try {
      const result = await acknowledgeIncident(incident.id, comment.trim(), key);
      setPhase({ kind: 'done', result });
    } catch (error) {
      setPhase({ kind: 'error', message: errorText(error) });
    }
  };

  return (
    <Modal title="Acknowledge incident" onClose={closeDialog} testId="ack-dialog">
      <p className="modal__subject">
        <strong><SafeText text={incident?.title ?? 'That incident has ended'} /></strong>
        {incident?.cause && <span className="muted"> — <SafeText text={incident.cause} /></span>}
      </p>
      {holder ? (
        <div className="result" data-testid="ack-holder" role="status">
          <p>
            <strong><SafeText text={holder.by} /></strong> already has this incident (since {time.instant(holder.at)}): “<SafeText text={holder.comment} />”.
          </p>
          <button type="button" className="btn" onClick={closeDialog} data-autofocus>
            Close
          </button>
        </div>
      ) : phase.kind === 'done' ? (
        <div className={`result result--${phase.result.status}`} data-testid="ack-result" role="status">
          <p>{phase.result.status === 'succeeded' ? 'Acknowledged.' : phase.result.status === 'pending' ? 'Queued: Alertmanager is not answering; it will be sent when it does.' : 'Not acknowledged.'} <SafeText text={phase.result.message} /></p>
          <button type="button" className="btn" onClick={closeDialog} data-autofocus>
            Close
          </button>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="form">
          {actingAs ? (
            <p className="muted" data-testid="ack-acting-as">
              Acknowledging as <strong><SafeText text={actingAs} /></strong>
            </p>
          ) : (
            <label>
              Your name
              <input value={author} onChange={(e) => setAuthor(e.target.value)} maxLength={100} data-testid="ack-author" />
            </label>
          )}
          <label>
            Comment
            <textarea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} rows={3} data-autofocus data-testid="ack-comment" placeholder="e.g. looking at lock-gateway, rolled back at 14:02" />
          </label>
          <p className="muted">
            Silences this incident’s alerts and its escalation for as long as it is open; it ends by itself when the incident resolves.
          </p>
          {blocked && <p className="form__error" role="alert" data-testid="ack-blocked"><SafeText text={blocked} /></p>}
          {touched && problem && <p className="form__error" role="alert">{problem}</p>}
          {phase.kind === 'error' && (
            <p className="form__error" role="alert" data-testid="ack-error">
              <SafeText text={phase.message} /> You can try again; it will not be done twice.
            </p>
          )}
          <div className="form__actions">
            <button type="button" className="btn btn--ghost" onClick={closeDialog}>
              Cancel
            </button>
            <button type="submit" className="btn btn--primary" disabled={phase.kind === 'sending' || !incident || blocked !== undefined} data-testid="ack-submit">
              {phase.kind === 'sending' ? 'Acknowledging…' : phase.kind === 'error' ? 'Try again' : 'Acknowledge'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
