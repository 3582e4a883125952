import { useStore } from '../store/store';
import { AckDialog } from '../alerts/AckDialog';
import { RollbackDialog } from '../incidents/RollbackDialog';
import { ShortcutsDialog } from '../keyboard/ShortcutsDialog';
import { TraceInputDialog } from '../trace/TraceInputDialog';
import { SettingsView } from '../settings/SettingsView';

/** At most one dialog at a time, chosen by the store. */
export function Dialogs() {
  const dialog = useStore((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'ack':
      return <AckDialog key={dialog.fingerprint} fingerprint={dialog.fingerprint} />;
    case 'rollback':
      return <RollbackDialog key={`${dialog.incidentId}-${dialog.service}`} {...dialog} />;
    case 'shortcuts':
      return <ShortcutsDialog />;
    case 'trace-input':
      return <TraceInputDialog />;
    case 'settings':
      return <SettingsView />;
  }
}
