import { useState } from 'react';
import type { SourceKind } from '../../../shared/api/session';
import type { SourceSetting, SourceSettingsList } from '../../../shared/api/source-settings';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import { CredentialField } from './CredentialField';
import { displayValue, type FieldSpec, fieldsOf, getPath, idFromName, isHttpKind, KIND_LABELS, parseInput, setPath } from './source-fields';
import { TestResult, type TestState } from './TestResult';

type Json = Record<string, unknown>;

interface SourceFormProps {
  initial: Json;
  /** The source being edited; absent when adding one. */
  existing?: SourceSetting;
  list: SourceSettingsList | null;
  onSaved(sentence: string): void;
  onCancel(): void;
  onCredentialsChanged(): void;
}

/**
 * Add or edit one source: the fields of its kind, sign-in with a stored credential, the
 * connection details (timeouts, proxy, TLS), or all of it as JSON. "Test" runs the draft
 * against the server without saving; "Save" applies it to every console at once. Escape
 * goes back to the list without saving.
 */
export function SourceForm({ initial, existing, list, onSaved, onCancel, onCredentialsChanged }: SourceFormProps) {
  const client = useStore((s) => s.client);
  const [draft, setDraft] = useState<Json>(initial);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [idTouched, setIdTouched] = useState(existing !== undefined);
  const [asJson, setAsJson] = useState<string | null>(null);
  const [jsonError, setJsonError] = useState<string>();
  const [test, setTest] = useState<TestState | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const kind = draft.kind as SourceKind;
  const fields = fieldsOf(kind);
  const fromFile = existing !== undefined && existing.origin !== 'added';

  const update = (next: Json) => {
    setDraft(next);
    // A test says what the draft it ran was; a changed draft has not been tested.
    setTest(null);
    setSaveError(undefined);
  };

  const onField = (field: FieldSpec, text: string) => {
    setTexts((t) => ({ ...t, [field.key]: text }));
    const parsed = parseInput(field, text);
    if ('error' in parsed) {
      setErrors((e) => ({ ...e, [field.key]: parsed.error }));
      return;
    }
    setErrors(({ [field.key]: _gone, ...rest }) => rest);
    update(setPath(draft, field.key, parsed.value));
  };

  const onName = (name: string) => {
    let next = setPath(draft, 'name', name);
    if (!idTouched) next = setPath(next, 'id', idFromName(name));
    update(next);
  };

  const problems = Object.values(errors);
  const missing = [!draft.name ? 'a name' : '', !draft.id ? 'an id' : '', ...fields.filter((f) => f.required && (getPath(draft, f.key) === undefined || getPath(draft, f.key) === '')).map((f) => f.label)].filter(Boolean);

  const runTest = async () => {
    if (!client) return;
    setTest({ phase: 'testing' });
    try {
      setTest({ phase: 'done', result: await client.call('testSource', { source: draft }) });
    } catch (e) {
      setTest({ phase: 'error', message: errorText(e) });
    }
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!client || saving || problems.length > 0) return;
    if (missing.length > 0) {
      setSaveError(`Give it ${missing.join(', ')} first.`);
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    try {
      const result = await client.call('saveSource', { source: draft, ...(existing ? { replaces: existing.id } : {}) });
      onSaved(result.sentence);
    } catch (e) {
      setSaveError(errorText(e));
      setSaving(false);
    }
  };

  const applyJson = () => {
    if (asJson === null) return;
    try {
      const parsed = JSON.parse(asJson) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('a source is one JSON object');
      update(parsed as Json);
      setTexts({});
      setErrors({});
      setAsJson(null);
      setJsonError(undefined);
    } catch (e) {
      setJsonError(`Not applied: ${errorText(e)}`);
    }
  };

  const input = (field: FieldSpec) => {
    const id = `source-field-${field.key.replaceAll('.', '-')}`;
    const value = getPath(draft, field.key);
    if (field.type === 'checkbox') {
      const defaultOn = field.defaultOn ?? false;
      const on = value === undefined ? defaultOn : value === true;
      return (
        <label key={field.key} className="settings-form__check" htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            checked={on}
            onChange={(e) => {
              // Defaults stay out of the config: only what differs from them is written.
              update(setPath(draft, field.key, e.target.checked === defaultOn ? undefined : e.target.checked));
            }}
          />
          {field.label}
        </label>
      );
    }
    const text = texts[field.key] ?? displayValue(field, value);
    const common = {
      id,
      value: text,
      'aria-invalid': errors[field.key] ? true : undefined,
      'aria-describedby': field.hint || errors[field.key] ? `${id}-hint` : undefined,
      'data-testid': id,
    };
    return (
      <div key={field.key} className="settings-form__field">
        <label htmlFor={id}>
          {field.label}
          {field.required && <span aria-hidden="true"> *</span>}
        </label>
        {field.type === 'select' ? (
          <select {...common} onChange={(e) => onField(field, e.target.value)}>
            {(field.options ?? []).map((option) => (
              <option key={option} value={option}>
                {option || '(default)'}
              </option>
            ))}
          </select>
        ) : field.type === 'list' || field.type === 'headers' || field.type === 'json' ? (
          <textarea {...common} rows={field.type === 'json' ? 4 : 2} spellCheck={false} onChange={(e) => onField(field, e.target.value)} />
        ) : (
          <input
            {...common}
            type={field.type === 'number' ? 'text' : field.type === 'url' ? 'url' : 'text'}
            inputMode={field.type === 'number' ? 'numeric' : undefined}
            placeholder={field.placeholder}
            spellCheck={false}
            autoComplete="off"
            required={field.required}
            onChange={(e) => onField(field, e.target.value)}
          />
        )}
        {(field.hint || errors[field.key]) && (
          <span id={`${id}-hint`} className={errors[field.key] ? 'form__error' : 'muted settings-form__hint'}>
            {errors[field.key] ?? field.hint}
          </span>
        )}
      </div>
    );
  };

  return (
    <form
      className="form settings-form"
      onSubmit={(e) => void save(e)}
      onKeyDown={(event) => {
        // Escape in the form goes back to the list; the dialog's own Escape would close Settings.
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
      data-testid="settings-form"
      aria-label={existing ? `Edit ${existing.name}` : `New ${KIND_LABELS[kind]} source`}
    >
      <h3 className="settings-form__title">
        {existing ? (
          <>
            Edit <SafeText text={existing.name} />
          </>
        ) : (
          `New source: ${KIND_LABELS[kind]}`
        )}
      </h3>
      {existing && list && (
        <p className="muted" data-testid="settings-form-origin">
          {existing.origin === 'added' ? (
            <>Added here; kept in <code><SafeText text={list.savedIn} /></code>.</>
          ) : (
            <>
              From the config file <SafeText text={list.configOrigin} />
              {existing.origin === 'edited' ? ', edited here' : ''}: what you save is kept over the file’s, and “Revert” in the list undoes it. Its id cannot change.
            </>
          )}
        </p>
      )}
      {asJson !== null ? (
        <div className="settings-form__field">
          <label htmlFor="source-json">The source as JSON (as in the config file)</label>
          <textarea id="source-json" rows={14} spellCheck={false} value={asJson} onChange={(e) => setAsJson(e.target.value)} data-testid="source-json" />
          {jsonError && (
            <span className="form__error" role="alert">
              <SafeText text={jsonError} />
            </span>
          )}
          <div>
            <button type="button" className="btn" onClick={applyJson}>
              Apply JSON
            </button>{' '}
            <button type="button" className="btn btn--ghost" onClick={() => setAsJson(null)}>
              Back to the form
            </button>
          </div>
        </div>
      ) : (
        <>
          <div className="settings-form__grid">
            <div className="settings-form__field">
              <label htmlFor="source-field-name">
                Name<span aria-hidden="true"> *</span>
              </label>
              <input id="source-field-name" value={typeof draft.name === 'string' ? draft.name : ''} onChange={(e) => onName(e.target.value)} maxLength={100} required autoComplete="off" data-autofocus data-testid="source-field-name" />
            </div>
            <div className="settings-form__field">
              <label htmlFor="source-field-id">
                Id<span aria-hidden="true"> *</span>
              </label>
              <input
                id="source-field-id"
                value={typeof draft.id === 'string' ? draft.id : ''}
                onChange={(e) => {
                  setIdTouched(true);
                  update(setPath(draft, 'id', e.target.value));
                }}
                disabled={fromFile}
                maxLength={63}
                pattern="[a-z0-9][a-z0-9\-]*"
                aria-describedby="source-field-id-hint"
                spellCheck={false}
                autoComplete="off"
                required
                data-testid="source-field-id"
              />
              <span id="source-field-id-hint" className="muted settings-form__hint">
                Lower-case letters, digits and dashes; panels and LOCKSTEP_SOURCE_&lt;ID&gt;_URL use it.
              </span>
            </div>
            {fields.filter((f) => !f.advanced).map(input)}
          </div>
          {isHttpKind(kind) && (
            <CredentialField draft={draft} list={list} onChange={update} onStored={onCredentialsChanged} />
          )}
          {fields.some((f) => f.advanced) && (
            <details className="settings-form__advanced">
              <summary>Connection details: timeouts, proxy, TLS, headers</summary>
              <div className="settings-form__grid">{fields.filter((f) => f.advanced).map(input)}</div>
            </details>
          )}
          <button type="button" className="btn btn--ghost btn--small settings-form__json" onClick={() => setAsJson(JSON.stringify(draft, null, 2))}>
            Edit as JSON
          </button>
        </>
      )}
      {test && <TestResult state={test} />}
      {problems.length > 0 && (
        <p className="form__error" role="alert">
          {problems[0]}
        </p>
      )}
      {saveError && (
        <p className="form__error" role="alert" data-testid="settings-save-error">
          <SafeText text={saveError} />
        </p>
      )}
      <div className="form__actions">
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="btn" onClick={() => void runTest()} disabled={test?.phase === 'testing' || asJson !== null} data-testid="settings-test">
          {test?.phase === 'testing' ? 'Testing…' : 'Test'}
        </button>
        <button type="submit" className="btn btn--primary" disabled={saving || problems.length > 0 || asJson !== null} data-testid="settings-save">
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
