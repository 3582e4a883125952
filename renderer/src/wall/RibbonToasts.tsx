import { memo, useEffect } from 'react';
import { LIFETIME_MS } from '../app/Toasts';
import { type Toast, useStoreToasts } from '../app/toasts-hook';
import { SafeText } from '../support/SafeText';

/** On a wall, notifications are one line each in the ribbon: they never cover a panel. */
const MAX_IN_RIBBON = 3;

// memo: the ribbon draws again each second for its clock; the notifications need not.
export const RibbonToasts = memo(function RibbonToasts() {
  const { toasts, dismiss, open } = useStoreToasts();
  const shown = toasts.slice(-MAX_IN_RIBBON).reverse();
  const hidden = toasts.length - shown.length;
  if (toasts.length === 0) return null;
  return (
    <div className="ribbon__toasts" aria-live="polite" data-testid="ribbon-toasts">
      {shown.map((toast) => (
        <RibbonToast key={toast.id} toast={toast} dismiss={dismiss} open={open} />
      ))}
      {hidden > 0 && <span className="ribbon__more">+{hidden} more — see Alerts</span>}
    </div>
  );
});

function RibbonToast({ toast, dismiss, open }: { toast: Toast; dismiss(id: string): void; open(toast: Toast): void }) {
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), LIFETIME_MS[toast.severity]);
    return () => clearTimeout(timer);
  }, [toast.id, toast.severity, dismiss]);
  const openable = Boolean(toast.incidentId || toast.incidentIds);
  return (
    <button
      type="button"
      className={`ribbon__toast ribbon__toast--${toast.severity}`}
      data-testid="ribbon-toast"
      data-severity={toast.severity}
      title="Open the incident"
      disabled={!openable}
      onClick={() => {
        open(toast);
        dismiss(toast.id);
      }}
    >
      <strong>
        <SafeText text={toast.title} />
      </strong>
    </button>
  );
}
