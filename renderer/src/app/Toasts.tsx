import { useEffect } from 'react';
import { type Toast, useStoreToasts } from './toasts-hook';
import { SafeText } from '../support/SafeText';

export const LIFETIME_MS = { critical: 60_000, warning: 20_000, info: 8_000 } as const;
/** A cascade pages for every failing caller; a wall of toasts would hide the incident itself. */
const MAX_VISIBLE = 3;

/** In-app notifications, always shown whatever the host does natively: Open, and Acknowledge (with a comment) while nobody has it. */
export function Toasts() {
  const { toasts, dismiss, open, acknowledge, acknowledgeable } = useStoreToasts();
  const hidden = Math.max(0, toasts.length - MAX_VISIBLE);
  return (
    <div className="toasts" aria-live="polite" data-testid="toasts">
      {toasts.slice(-MAX_VISIBLE).map((toast) => (
        <ToastItem
          key={toast.id}
          toast={toast}
          dismiss={dismiss}
          open={open}
          acknowledge={toast.incidentId && acknowledgeable.has(toast.incidentId) ? acknowledge : undefined}
        />
      ))}
      {hidden > 0 && (
        <div className="toasts__more" data-testid="toasts-more">
          +{hidden} more — see Alerts
        </div>
      )}
    </div>
  );
}

function ToastItem({ toast, dismiss, open, acknowledge }: { toast: Toast; dismiss(id: string): void; open(toast: Toast): void; acknowledge: ((incidentId: string) => void) | undefined }) {
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), LIFETIME_MS[toast.severity]);
    return () => clearTimeout(timer);
  }, [toast.id, toast.severity, dismiss]);
  return (
    <div className={`toast toast--${toast.severity}`} role="status" data-testid="toast">
      <div className="toast__text">
        <strong>
          <SafeText text={toast.title} />
        </strong>
        <span>
          <SafeText text={toast.body} />
        </span>
      </div>
      {(toast.incidentId || toast.incidentIds) && (
        <button type="button" className="btn btn--small" data-testid="toast-open" onClick={() => { open(toast); dismiss(toast.id); }}>
          Open
        </button>
      )}
      {acknowledge && toast.incidentId && (
        <button type="button" className="btn btn--small" data-testid="toast-ack" onClick={() => { acknowledge(toast.incidentId!); dismiss(toast.id); }}>
          Acknowledge
        </button>
      )}
      <button type="button" className="btn btn--ghost btn--small" onClick={() => dismiss(toast.id)} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}
