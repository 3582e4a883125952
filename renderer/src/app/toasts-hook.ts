import { useMemo } from 'react';
import { openNotified } from '../store/notify';
import { useStore } from '../store/store';
export type { Toast } from '../store/ui-slice';

export function useStoreToasts() {
  const toasts = useStore((s) => s.toasts);
  const dismiss = useStore((s) => s.dismissToast);
  const selectIncident = useStore((s) => s.selectIncident);
  const openDialog = useStore((s) => s.openDialog);
  // Only an open, unacknowledged incident offers Acknowledge (a string, so the selector is stable).
  const unacknowledged = useStore((s) => s.incidents.filter((i) => i.status === 'open' && !i.acknowledgement).map((i) => i.id).join('\n'));
  const acknowledgeable = useMemo(() => new Set(unacknowledged.split('\n')), [unacknowledged]);
  return {
    toasts,
    dismiss,
    acknowledgeable,
    open: (toast: { incidentId?: string | undefined; incidentIds?: string[] | undefined }) => openNotified(toast, useStore.getState),
    /** Not a silent ack: the dialog asks who and why. */
    acknowledge(incidentId: string) {
      selectIncident(incidentId);
      openDialog({ kind: 'ack', fingerprint: incidentId });
    },
  };
}
