import { useState } from 'react';
import type { SourceKind } from '../../../shared/api/session';
import type { SourceSetting } from '../../../shared/api/source-settings';
import { actingPermission } from '../actions/permissions';
import { Modal } from '../dialogs/Modal';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import { ExportImport } from './ExportImport';
import { SigningKey } from './SigningKey';
import { KIND_LABELS, newSource } from './source-fields';
import { SourceForm } from './SourceForm';
import { SourceList } from './SourceList';
import { useSourceSettings } from './use-source-settings';

type Editing = { mode: 'add'; kind: SourceKind } | { mode: 'edit'; source: SourceSetting } | null;

/**
 * Settings: the data sources this console reads, added, edited, tested and removed while
 * it runs, and the secrets they sign in with. Keyboard first: `s` opens it, Escape closes
 * it (or, in a form, goes back to the list), every control is labelled. Operators only: a
 * viewer (a wall screen) is told so, and the services refuse it anyway.
 */
export function SettingsView() {
  const closeDialog = useStore((s) => s.closeDialog);
  const session = useStore((s) => s.session);
  const permission = actingPermission(session);
  const { list, error, reload } = useSourceSettings(permission.canAct);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string>();
  const [addKind, setAddKind] = useState<SourceKind>('prometheus');

  const done = (sentence: string) => {
    setEditing(null);
    setNotice(sentence);
    void reload();
  };

  return (
    <Modal title="Settings — data sources" onClose={closeDialog} testId="settings" className="modal--settings">
      {!permission.canAct ? (
        <p className="muted" data-testid="settings-refused">
          {permission.reason}. Data sources and secrets are set from an operator’s console.
        </p>
      ) : editing ? (
        <SourceForm
          key={editing.mode === 'edit' ? editing.source.id : `new-${editing.kind}`}
          initial={editing.mode === 'edit' ? editing.source.config : newSource(editing.kind)}
          existing={editing.mode === 'edit' ? editing.source : undefined}
          list={list}
          onSaved={done}
          onCancel={() => setEditing(null)}
          onCredentialsChanged={() => void reload()}
        />
      ) : (
        <div className="settings">
          {list && (
            <p className="settings__intro muted" data-testid="settings-intro">
              Sources from <strong><SafeText text={list.configOrigin} /></strong> cannot be removed here (edit them, or change the file); what you add or change here is kept in{' '}
              <code><SafeText text={list.savedIn} /></code> and applied at once, without a restart.
            </p>
          )}
          {error && (
            <p className="form__error" role="alert">
              <SafeText text={error} />
            </p>
          )}
          {notice && (
            <p className="settings__notice" role="status" data-testid="settings-notice">
              <SafeText text={notice} />
            </p>
          )}
          {list ? <SourceList list={list} onEdit={(source) => setEditing({ mode: 'edit', source })} onChanged={done} /> : !error && <p className="muted"><span className="spinner" aria-hidden="true" /> Loading the sources…</p>}
          {list && (
            <div className="settings__actions">
              <form
                className="settings__add"
                onSubmit={(event) => {
                  event.preventDefault();
                  setNotice(undefined);
                  setEditing({ mode: 'add', kind: addKind });
                }}
              >
                <label htmlFor="settings-add-kind">New source of kind</label>
                <select id="settings-add-kind" value={addKind} onChange={(e) => setAddKind(e.target.value as SourceKind)} data-testid="settings-add-kind">
                  {list.kinds.map((kind) => (
                    <option key={kind} value={kind}>
                      {KIND_LABELS[kind]}
                    </option>
                  ))}
                </select>
                <button type="submit" className="btn btn--primary" data-testid="settings-add">
                  Add source…
                </button>
              </form>
              <ExportImport onDone={done} onError={setNotice} />
            </div>
          )}
          {list && (
            <p className="settings__secrets muted" data-testid="settings-secrets">
              <strong>Secrets:</strong> <SafeText text={list.credentials.sentence} />
            </p>
          )}
          {list && <SigningKey />}
        </div>
      )}
    </Modal>
  );
}
