import { memo } from 'react';
import { useStore } from '../store/store';
import { LazyAckDialog, LazyRollbackDialog, LazySettingsView, LazyShortcutsDialog, LazyTraceInputDialog } from '../app/lazy-views';

/** At most one dialog at a time, chosen by the store; each is its own chunk (app/lazy-views.ts). */
export const Dialogs = memo(function Dialogs() {
  const dialog = useStore((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'ack':
      return <LazyAckDialog key={dialog.fingerprint} fingerprint={dialog.fingerprint} />;
    case 'rollback':
      return <LazyRollbackDialog key={`${dialog.incidentId}-${dialog.service}`} {...dialog} />;
    case 'shortcuts':
      return <LazyShortcutsDialog />;
    case 'trace-input':
      return <LazyTraceInputDialog />;
    case 'settings':
      return <LazySettingsView />;
  }
});
