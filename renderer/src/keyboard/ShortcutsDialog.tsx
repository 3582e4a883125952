import { useStore } from '../store/store';
import { Modal } from '../dialogs/Modal';

export const SHORTCUTS: readonly [string, string][] = [
  ['?', 'Show these shortcuts'],
  ['a', 'Focus the alerts list'],
  ['i', 'Focus the incidents list'],
  ['j / k', 'Next / previous item'],
  ['Enter', 'Open the selected alert’s incident'],
  ['c', 'Acknowledge the selected alert'],
  ['t', 'Open a trace by id'],
  ['f', 'Find traces: search, duration scatter, compare two'],
  ['s', 'Settings: data sources and their secrets'],
  ['g', 'Focus the dashboard'],
  ['w', 'Wall-screen (large type) on/off'],
  ['z', 'Times in UTC / local time'],
  ['Esc', 'Close a dialog or the trace view (in a Settings form: back to the list)'],
];

export function ShortcutsDialog() {
  const closeDialog = useStore((s) => s.closeDialog);
  return (
    <Modal title="Keyboard shortcuts" onClose={closeDialog} testId="shortcuts-dialog">
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([key, what]) => (
            <tr key={key}>
              <td>
                <kbd>{key}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
