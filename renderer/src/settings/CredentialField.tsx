import { useState } from 'react';
import type { SourceSettingsList } from '../../../shared/api/source-settings';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';
import { getPath, setPath } from './source-fields';

type Json = Record<string, unknown>;
type AuthType = '' | 'bearer' | 'basic' | 'header';

/**
 * Sign-in: the config names a stored credential, never the secret. The secret is typed
 * here once, sent to the host's credential store (encrypted there, kept from this window),
 * and never shown again; the list says only whether one is stored under the name.
 */
export function CredentialField({ draft, list, onChange, onStored }: { draft: Json; list: SourceSettingsList | null; onChange(next: Json): void; onStored(): void }) {
  const client = useStore((s) => s.client);
  const [secret, setSecret] = useState('');
  const [sending, setSending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const type = (getPath(draft, 'auth.type') as AuthType | undefined) ?? '';
  const credential = (getPath(draft, 'auth.credential') as string | undefined) ?? '';
  const stored = credential !== '' && (list?.storedCredentials.includes(credential) ?? false);
  const protection = list?.credentials;

  const setType = (next: AuthType) => {
    if (!next) return onChange(setPath(draft, 'auth', undefined));
    const name = credential || (typeof draft.id === 'string' && draft.id ? `${draft.id}-token` : '');
    const auth: Json = { type: next, credential: name };
    if (next === 'basic') auth.username = getPath(draft, 'auth.username') ?? '';
    if (next === 'header') auth.header = getPath(draft, 'auth.header') ?? 'X-API-Key';
    onChange(setPath(draft, 'auth', auth));
  };

  const store = async () => {
    if (!client || !credential || !secret) return;
    setSending(true);
    setMessage(undefined);
    try {
      const result = await client.call('setCredential', { name: credential, secret });
      setMessage({ ok: true, text: result.sentence });
      onStored();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    } finally {
      // Sent once: never kept in the page after this.
      setSecret('');
      setSending(false);
    }
  };

  return (
    <fieldset className="settings-form__auth">
      <legend>Sign-in</legend>
      <div className="settings-form__grid">
        <div className="settings-form__field">
          <label htmlFor="source-auth-type">How it signs in</label>
          <select id="source-auth-type" value={type} onChange={(e) => setType(e.target.value as AuthType)} data-testid="source-auth-type">
            <option value="">No sign-in</option>
            <option value="bearer">Bearer token</option>
            <option value="basic">User name and password</option>
            <option value="header">API key in a header</option>
          </select>
        </div>
        {type === 'basic' && (
          <div className="settings-form__field">
            <label htmlFor="source-auth-username">User name</label>
            <input id="source-auth-username" value={String(getPath(draft, 'auth.username') ?? '')} onChange={(e) => onChange(setPath(draft, 'auth.username', e.target.value))} autoComplete="off" />
          </div>
        )}
        {type === 'header' && (
          <div className="settings-form__field">
            <label htmlFor="source-auth-header">Header</label>
            <input id="source-auth-header" value={String(getPath(draft, 'auth.header') ?? '')} onChange={(e) => onChange(setPath(draft, 'auth.header', e.target.value))} autoComplete="off" />
          </div>
        )}
        {type && (
          <div className="settings-form__field">
            <label htmlFor="source-auth-credential">Credential name</label>
            <input
              id="source-auth-credential"
              value={credential}
              onChange={(e) => onChange(setPath(draft, 'auth.credential', e.target.value))}
              aria-describedby="source-auth-credential-state"
              spellCheck={false}
              autoComplete="off"
              data-testid="source-auth-credential"
            />
            <span id="source-auth-credential-state" className={stored ? 'muted settings-form__hint' : 'settings-form__hint settings-sources__unset'} data-testid="source-auth-state">
              {credential === '' ? 'Name the secret; the config keeps only this name.' : stored ? `A secret is stored under “${credential}”.` : `No secret is stored under “${credential}” yet.`}
            </span>
          </div>
        )}
        {type && (
          <div className="settings-form__field">
            <label htmlFor="source-auth-secret">{stored ? 'Replace the secret' : 'Set the secret'}</label>
            <div className="settings-form__inline">
              <input
                id="source-auth-secret"
                type="password"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    void store();
                  }
                }}
                disabled={!protection?.canStore || !credential}
                autoComplete="new-password"
                aria-describedby="source-auth-secret-hint"
                data-testid="source-auth-secret"
              />
              <button type="button" className="btn" onClick={() => void store()} disabled={sending || !secret || !credential || !protection?.canStore} data-testid="source-auth-store">
                {sending ? 'Storing…' : 'Set secret'}
              </button>
            </div>
            <span id="source-auth-secret-hint" className="muted settings-form__hint">
              Sent once to this console’s host and never shown again.
            </span>
          </div>
        )}
      </div>
      {type && protection && !protection.canStore && (
        <p className="form__error" role="alert" data-testid="source-auth-unavailable">
          <SafeText text={protection.sentence} />
        </p>
      )}
      {message && (
        <p className={message.ok ? 'settings__notice' : 'form__error'} role={message.ok ? 'status' : 'alert'} data-testid="source-auth-message">
          <SafeText text={message.text} />
        </p>
      )}
    </fieldset>
  );
}
