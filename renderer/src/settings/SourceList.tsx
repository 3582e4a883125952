import { useState } from 'react';
import type { SourceStatus } from '../../../shared/api/session';
import type { SourceSetting, SourceSettingsList } from '../../../shared/api/source-settings';
import { errorText } from '../api/parse';
import { useTimeFormat } from '../support/use-time-format';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import { addressOf, KIND_LABELS, KIND_SHORT } from './source-fields';
import { TestResult, type TestState } from './TestResult';

const ORIGIN_WORDS = { file: 'config file', edited: 'config file, edited here', added: 'added here' } as const;

/** How the source is doing now, as the header judges it from the console's own calls. */
function statusWords(status: SourceStatus | undefined, problem: string | undefined, formatTime: (ms: number) => string): { className: string; text: string; title?: string } {
  if (problem) return { className: 'chip--bad', text: 'not running', title: problem };
  if (!status) return { className: '', text: 'not asked yet' };
  if (status.state === 'ok') return { className: 'chip--ok', text: 'answering', ...(status.detail ? { title: status.detail } : {}) };
  const since = status.lastSuccessAt ? ` (last answer ${formatTime(status.lastSuccessAt)})` : '';
  return { className: status.state === 'down' ? 'chip--bad' : 'chip--warn', text: status.state, title: `${status.message}${since}` };
}

/** One row per source: where it comes from, how it is doing, and what may be done with it. */
export function SourceList({ list, onEdit, onChanged }: { list: SourceSettingsList; onEdit(source: SourceSetting): void; onChanged(sentence: string): void }) {
  const statuses = useStore((s) => s.sourceStatus);
  return (
    <table className="settings-sources" data-testid="settings-sources">
      <caption className="muted">{list.sources.length === 1 ? '1 data source' : `${list.sources.length} data sources`}</caption>
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Kind</th>
          <th scope="col">Address</th>
          <th scope="col">From</th>
          <th scope="col">Now</th>
          <th scope="col">Sign-in</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {list.sources.map((source) => (
          <SourceRow key={source.id} source={source} status={statuses[source.id]} onEdit={onEdit} onChanged={onChanged} />
        ))}
      </tbody>
    </table>
  );
}

type RowTest = TestState;

function SourceRow({ source, status, onEdit, onChanged }: { source: SourceSetting; status: SourceStatus | undefined; onEdit(source: SourceSetting): void; onChanged(sentence: string): void }) {
  const client = useStore((s) => s.client);
  const time = useTimeFormat();
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [removeError, setRemoveError] = useState<string>();
  const [test, setTest] = useState<RowTest | null>(null);
  const words = statusWords(status, source.problem, time.instant);
  const fromFile = source.origin === 'file';
  const reverting = source.origin === 'edited';

  const runTest = async () => {
    if (!client) return;
    setTest({ phase: 'testing' });
    try {
      setTest({ phase: 'done', result: await client.call('testSource', { source: source.config }) });
    } catch (e) {
      setTest({ phase: 'error', message: errorText(e) });
    }
  };

  const remove = async () => {
    if (!client) return;
    setRemoving(true);
    setRemoveError(undefined);
    try {
      const result = await client.call('removeSource', { id: source.id });
      onChanged(result.sentence);
    } catch (e) {
      setRemoveError(errorText(e));
      setRemoving(false);
    }
  };

  return (
    <>
      <tr data-testid={`settings-source-${source.id}`}>
        <th scope="row">
          <SafeText text={source.name} />
          <div className="muted settings-sources__id">{source.id}</div>
        </th>
        <td title={KIND_LABELS[source.kind]}>{KIND_SHORT[source.kind]}</td>
        <td className="settings-sources__address">
          <SafeText text={addressOf(source.config)} />
          {source.fromEnvironment.length > 0 && <div className="muted">set by {source.fromEnvironment.join(', ')}</div>}
        </td>
        <td>
          <span className={`badge${source.origin === 'added' ? '' : ' badge--muted'}`} data-testid="settings-origin">
            {ORIGIN_WORDS[source.origin]}
          </span>
        </td>
        <td>
          <span className={`chip ${words.className}`} title={words.title} data-testid="settings-status">
            {words.text}
          </span>
        </td>
        <td>
          {source.credentials.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            source.credentials.map((c) => (
              <span key={c.name} className={c.set ? '' : 'settings-sources__unset'} title={c.set ? 'A secret is stored under this name' : 'No secret is stored under this name yet: edit the source to set it'}>
                {c.name} {c.set ? '✓' : '— not set'}
              </span>
            ))
          )}
        </td>
        <td className="settings-sources__buttons">
          <button type="button" className="btn btn--small" onClick={() => onEdit(source)} aria-label={`Edit ${source.name}`} data-testid="settings-edit">
            Edit
          </button>
          <button type="button" className="btn btn--small" onClick={() => void runTest()} disabled={test?.phase === 'testing'} aria-label={`Test ${source.name}`} data-testid="settings-row-test">
            Test
          </button>
          {fromFile ? (
            <button type="button" className="btn btn--small" disabled title="From the config file: remove it there" aria-label={`${source.name} comes from the config file and cannot be removed here`}>
              Remove
            </button>
          ) : (
            <button type="button" className="btn btn--small" onClick={() => setConfirming(true)} aria-label={`${reverting ? 'Revert' : 'Remove'} ${source.name}`} data-testid="settings-remove">
              {reverting ? 'Revert' : 'Remove'}
            </button>
          )}
        </td>
      </tr>
      {(confirming || test || removeError) && (
        <tr className="settings-sources__detail">
          <td colSpan={7}>
            {test && <TestResult state={test} />}
            {confirming && (
              <div className="settings-confirm" role="alertdialog" aria-label={`${reverting ? 'Revert' : 'Remove'} ${source.name}?`} data-testid="settings-confirm">
                <p>
                  {reverting ? (
                    <>
                      Revert <strong><SafeText text={source.name} /></strong> to the config file’s settings? Your changes made here are dropped.
                    </>
                  ) : (
                    <>
                      Remove <strong><SafeText text={source.name} /></strong>? Panels reading it will say it is gone; alerts only it lists leave the list, and incidents made only of them resolve after the quiet
                      window.
                    </>
                  )}
                </p>
                <button type="button" className="btn btn--danger" onClick={() => void remove()} disabled={removing} autoFocus data-testid="settings-confirm-remove">
                  {removing ? 'Working…' : reverting ? 'Revert' : 'Remove'}
                </button>{' '}
                <button type="button" className="btn" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </div>
            )}
            {removeError && (
              <p className="form__error" role="alert">
                <SafeText text={removeError} />
              </p>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
