import { useState } from 'react';
import type { ActionResult } from '../../../shared/api/actions';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { newIdempotencyKey } from '../support/ids';
import { SafeText } from '../support/SafeText';
import { Modal } from '../dialogs/Modal';

const DURATIONS = [
  { label: '30 min', minutes: 30 },
  { label: '1 h', minutes: 60 },
  { label: '2 h', minutes: 120 },
  { label: '4 h', minutes: 240 },
];

type Phase = { kind: 'editing' } | { kind: 'sending' } | { kind: 'done'; result: ActionResult } | { kind: 'error'; message: string };

/** Acknowledge one alert: who, why, for how long. A retry reuses the same idempotency key. */
export function AckDialog({ fingerprint }: { fingerprint: string }) {
  const alert = useStore((s) => s.alerts.find((a) => a.fingerprint === fingerprint));
  const actor = useStore((s) => s.actor);
  const setActor = useStore((s) => s.setActor);
  const acknowledge = useStore((s) => s.acknowledge);
  const closeDialog = useStore((s) => s.closeDialog);
  const [author, setAuthor] = useState(actor);
  const [comment, setComment] = useState('');
  const [minutes, setMinutes] = useState(60);
  const [key] = useState(newIdempotencyKey);
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [touched, setTouched] = useState(false);

  const problem = !author.trim() ? 'Say who is acknowledging.' : !comment.trim() ? 'A comment helps the next person: what are you doing about it?' : undefined;

  const submit = async (event?: React.FormEvent) => {
    event?.preventDefault();
    setTouched(true);
    if (problem || phase.kind === 'sending') return;
    setPhase({ kind: 'sending' });
    if (author.trim() !== actor) setActor(author.trim());
    try {
      const result = await acknowledge({ fingerprint, author: author.trim(), comment: comment.trim(), durationMinutes: minutes, idempotencyKey: key });
      setPhase({ kind: 'done', result });
    } catch (error) {
      setPhase({ kind: 'error', message: errorText(error) });
    }
  };

  return (
    <Modal title="Acknowledge alert" onClose={closeDialog} testId="ack-dialog">
      <p className="modal__subject">
        <strong><SafeText text={alert?.name ?? fingerprint} /></strong>
        {alert?.annotations.summary && <span className="muted"> — <SafeText text={alert.annotations.summary} /></span>}
      </p>
      {phase.kind === 'done' ? (
        <div className={`result result--${phase.result.status}`} data-testid="ack-result" role="status">
          <p>{phase.result.status === 'succeeded' ? 'Acknowledged.' : 'Not acknowledged.'} <SafeText text={phase.result.message} /></p>
          <button type="button" className="btn" onClick={closeDialog} data-autofocus>
            Close
          </button>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="form">
          <label>
            Your name
            <input value={author} onChange={(e) => setAuthor(e.target.value)} maxLength={100} data-testid="ack-author" />
          </label>
          <label>
            Comment
            <textarea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} rows={3} data-autofocus data-testid="ack-comment" placeholder="e.g. looking at lock-gateway, rolled back at 14:02" />
          </label>
          <fieldset className="presets">
            <legend>Silence for</legend>
            {DURATIONS.map((d) => (
              <button key={d.minutes} type="button" className={`btn btn--toggle${minutes === d.minutes ? ' is-on' : ''}`} aria-pressed={minutes === d.minutes} onClick={() => setMinutes(d.minutes)} data-testid={`ack-duration-${d.minutes}`}>
                {d.label}
              </button>
            ))}
          </fieldset>
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
            <button type="submit" className="btn btn--primary" disabled={phase.kind === 'sending'} data-testid="ack-submit">
              {phase.kind === 'sending' ? 'Acknowledging…' : phase.kind === 'error' ? 'Try again' : 'Acknowledge'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
