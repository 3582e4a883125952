import { useEffect } from 'react';
import { type Toast, useStoreToasts } from './toasts-hook';
import { SafeText } from '../support/SafeText';

const LIFETIME_MS = { critical: 60_000, warning: 20_000, info: 8_000 } as const;
/** A cascade pages for every failing caller; a wall of toasts would hide the incident itself. */
const MAX_VISIBLE = 3;

/** In-app notifications, always shown whatever the host does natively. */
export function Toasts() {
  const { toasts, dismiss, selectIncident } = useStoreToasts();
  const hidden = Math.max(0, toasts.length - MAX_VISIBLE);
  return (
    <div className="toasts" aria-live="polite" data-testid="toasts">
      {toasts.slice(-MAX_VISIBLE).map((toast) => (
        <ToastItem key={toast.id} toast={toast} dismiss={dismiss} selectIncident={selectIncident} />
      ))}
      {hidden > 0 && (
        <div className="toasts__more" data-testid="toasts-more">
          +{hidden} more — see Alerts
        </div>
      )}
    </div>
  );
}

function ToastItem({ toast, dismiss, selectIncident }: { toast: Toast; dismiss(id: string): void; selectIncident(id: string): void }) {
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
      {toast.incidentId && (
        <button type="button" className="btn btn--small" onClick={() => { selectIncident(toast.incidentId!); dismiss(toast.id); }}>
          Open
        </button>
      )}
      <button type="button" className="btn btn--ghost btn--small" onClick={() => dismiss(toast.id)} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}
