import { useStore } from '../store/store';
export type { Toast } from '../store/ui-slice';

export function useStoreToasts() {
  const toasts = useStore((s) => s.toasts);
  const dismiss = useStore((s) => s.dismissToast);
  const selectIncident = useStore((s) => s.selectIncident);
  return { toasts, dismiss, selectIncident };
}
