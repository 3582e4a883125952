import { memo, useEffect, useState } from 'react';
import type { RollbackPreview } from '../../../shared/api/actions';
import { visibleText } from '../../../shared/text/visible-text';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';

/** After a failed ask, the next one: soon enough for an incident in progress, rare enough for a deployer that is down. */
const RETRY_MS = 5_000;

interface RollbackOfferProps {
  incidentId: string;
  /** Only an open incident is offered a rollback. */
  open: boolean;
}

/**
 * The rollback the services offer for an incident — only when a release of its service, or
 * of one it calls, went live shortly before it, and never to the bad release or the colour
 * already live — or, instead of a button, why there is none. Asked again whenever the
 * deployments or the incident change (a rollback from another console withdraws the offer
 * here too), and every RETRY_MS while the last ask failed (a deployer answering late).
 */
export const RollbackOffer = memo(function RollbackOffer({ incidentId, open }: RollbackOfferProps) {
  const client = useStore((s) => s.client);
  const deployments = useStore((s) => s.deployments);
  // The offer follows the incident too (its members, cause and state change what the host
  // offers); both keep their identity while unchanged (store/same-value.ts), so this asks again
  // only when one of them really changed.
  const incident = useStore((s) => s.incidents.find((i) => i.id === incidentId));
  // Offline files and viewer screens (a wall) do not act, so they are offered nothing.
  const readOnly = useStore((s) => (s.session?.readOnly ?? true) || s.session?.role === 'viewer');
  const openDialog = useStore((s) => s.openDialog);
  const [offer, setOffer] = useState<RollbackPreview['offer'] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!client || !open || readOnly) {
      setOffer(undefined);
      return;
    }
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    client.call('previewRollback', { incidentId }).then(
      (preview) => {
        if (!live) return;
        setOffer(preview.offer);
        setError(undefined);
      },
      (e: unknown) => {
        if (!live) return;
        setError(errorText(e));
        retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
      },
    );
    return () => {
      live = false;
      clearTimeout(retry);
    };
  }, [client, incidentId, open, readOnly, deployments, incident, attempt]);

  if (!open || readOnly) return null;
  if (error) return <p className="incident__rollback-reason" data-testid="rollback-reason">Rollback: <SafeText text={error} /></p>;
  if (!offer) return null;
  if (offer.kind === 'none') {
    return (
      <p className="incident__rollback-reason" data-testid="rollback-none">
        No rollback offered: <SafeText text={offer.reason} />
      </p>
    );
  }
  const { candidate } = offer;
  return (
    <>
      <button
        type="button"
        className={`btn btn--danger btn--rollback-${candidate.target}`}
        title={visibleText(`${candidate.reason}: switch its traffic back to ${candidate.target}`)}
        onClick={() => openDialog({ kind: 'rollback', incidentId, service: candidate.service, targetColor: candidate.target })}
        data-testid="rollback-button"
      >
        Roll back <SafeText text={candidate.service} /> to {candidate.target}
      </button>
      <p className="incident__rollback-reason" data-testid="rollback-reason">
        Why: <SafeText text={candidate.reason} />
      </p>
    </>
  );
});
