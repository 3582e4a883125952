import { useState } from 'react';
import { errorText } from '../api/parse';
import { saveTextFile } from '../support/files';
import { SafeText } from '../support/SafeText';
import { useStore } from '../store/store';
import { LazyImportDashboard } from '../app/lazy-views';
import { TimeRangePicker } from './TimeRangePicker';
import { usePageVisibility } from './use-page-visibility';
import { VariablePicker } from './VariablePicker';

const ORIGIN = { 'built-in': 'built in', config: 'config folder', saved: 'yours' } as const;

/** Above the panels: which dashboard, its variables, the time range, and import / export / duplicate / save. */
export function DashboardBar() {
  usePageVisibility();
  const session = useStore((s) => s.session);
  const list = useStore((s) => s.dashboardList);
  const problems = useStore((s) => s.dashboardProblems);
  const unsaved = useStore((s) => s.dashboardUnsaved);
  const states = useStore((s) => s.variableStates);
  const variableErrors = useStore((s) => s.variableErrors);
  const openDashboard = useStore((s) => s.openDashboard);
  const saveDashboard = useStore((s) => s.saveDashboard);
  const duplicateDashboard = useStore((s) => s.duplicateDashboard);
  const deleteDashboard = useStore((s) => s.deleteDashboard);
  const exportDashboard = useStore((s) => s.exportDashboard);
  const editingLayout = useStore((s) => s.editingLayout);
  const setEditingLayout = useStore((s) => s.setEditingLayout);
  const [importing, setImporting] = useState(false);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  if (!session) return null;
  const dashboard = session.dashboard;
  const viewer = session.role === 'viewer';
  const offline = session.mode === 'bundle';
  const cannotSave = offline ? 'This is an offline incident file: nothing can be saved from it.' : viewer ? 'This screen is a viewer: it can look but not save. Open the operator URL to save dashboards.' : undefined;
  const current = list.find((d) => d.id === dashboard.id);
  const listed = current ? list : [...list, { id: dashboard.id, title: dashboard.title, origin: 'saved' as const, panels: dashboard.panels.length }];

  const act = (what: string, run: () => Promise<unknown>, done: string) => async () => {
    setMessage(null);
    try {
      await run();
      setMessage({ text: done, bad: false });
    } catch (error) {
      setMessage({ text: `${what} failed: ${errorText(error)}`, bad: true });
    }
  };

  return (
    <div className="dashboard-bar" data-testid="dashboard-bar">
      <label className="dashboard-bar__picker">
        <span className="sr-only">Dashboard</span>
        <select data-testid="dashboard-picker" value={dashboard.id} onChange={(e) => void act('Opening the dashboard', () => openDashboard(e.target.value), '')()}>
          {listed.map((d) => (
            <option key={d.id} value={d.id}>
              {d.id === dashboard.id && unsaved ? `${dashboard.title} (not saved)` : `${d.title} · ${ORIGIN[d.origin]}`}
            </option>
          ))}
        </select>
      </label>
      {dashboard.variables.map((v) => (
        <VariablePicker key={v.name} variable={v} state={states[v.name]} />
      ))}
      <span className="spacer" />
      <TimeRangePicker />
      {!offline && (
        <button type="button" className={`btn btn--small btn--toggle${editingLayout ? ' is-on' : ''}`} aria-pressed={editingLayout} data-testid="dashboard-edit-layout" onClick={() => setEditingLayout(!editingLayout)}>
          {editingLayout ? 'Done editing' : 'Edit layout'}
        </button>
      )}
      {!offline && (
        <button type="button" className="btn btn--small" data-testid="dashboard-import" onClick={() => setImporting(true)}>
          Import
        </button>
      )}
      <button
        type="button"
        className="btn btn--small"
        data-testid="dashboard-export"
        onClick={() => void act('Export', async () => {
          const file = await exportDashboard();
          await saveTextFile(file.fileName, file.text);
        }, 'Exported.')()}
      >
        Export
      </button>
      {/* An incident file is read-only: saving is not offered at all, not offered disabled. */}
      {!offline && (
        <button type="button" className="btn btn--small" data-testid="dashboard-duplicate" disabled={cannotSave !== undefined} title={cannotSave} onClick={() => void act('Duplicate', duplicateDashboard, 'Duplicated: this copy is yours.')()}>
          Duplicate
        </button>
      )}
      {!offline && (
        <button type="button" className={`btn btn--small${unsaved ? ' btn--primary' : ''}`} data-testid="dashboard-save" disabled={cannotSave !== undefined} title={cannotSave} onClick={() => void act('Save', saveDashboard, 'Saved for you.')()}>
          Save
        </button>
      )}
      {current?.origin === 'saved' && !unsaved && !offline && (
        <button type="button" className="btn btn--small" data-testid="dashboard-delete" disabled={cannotSave !== undefined} title={cannotSave} onClick={() => void act('Delete', deleteDashboard, current.overrides ? 'Your copy was deleted; the shared one shows again.' : 'Deleted.')()}>
          {current.overrides ? 'Revert' : 'Delete'}
        </button>
      )}
      {message?.text && (
        <span className={`chip ${message.bad ? 'chip--bad' : 'chip--ok'}`} role={message.bad ? 'alert' : 'status'} data-testid="dashboard-message">
          <SafeText text={message.text} />
        </span>
      )}
      {[...problems, ...Object.values(variableErrors)].length > 0 && (
        <ul className="dashboard-bar__problems" data-testid="dashboard-problems">
          {[...problems, ...Object.values(variableErrors)].map((p) => (
            <li key={p}>
              <SafeText text={p} />
            </li>
          ))}
        </ul>
      )}
      {importing && <LazyImportDashboard onClose={() => setImporting(false)} />}
    </div>
  );
}
