import { useRef, useState } from 'react';
import { BUNDLE_EXTENSION } from '../../../shared/api/bundle';
import { electronBridge } from '../api/electron-client';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';

/** "Open incident file…": reads an export and switches to read-only offline review. */
export function OpenFileButton() {
  const openIncidentFile = useStore((s) => s.openIncidentFile);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const load = async (picked: { name: string; text: string } | null) => {
    if (!picked) return;
    setBusy(true);
    try {
      const problem = await openIncidentFile(picked.name, picked.text);
      if (problem) setError(problem);
    } finally {
      setBusy(false);
    }
  };

  const open = async () => {
    setError(undefined);
    const bridge = electronBridge();
    if (!bridge) {
      inputRef.current?.click();
      return;
    }
    try {
      await load(await bridge.files.openText());
    } catch (e) {
      setError(`Could not open the file: ${errorText(e)}`);
    }
  };

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      await load({ name: file.name, text: await file.text() });
    } catch (e) {
      setError(`Could not read ${file.name}: ${errorText(e)}`);
    }
  };

  return (
    <span className="open-file">
      <button type="button" className="btn btn--ghost" onClick={() => void open()} disabled={busy} data-testid="open-file-button">
        {busy ? 'Opening…' : 'Open incident file…'}
      </button>
      <input
        ref={inputRef}
        type="file"
        accept={`${BUNDLE_EXTENSION},.json,application/json`}
        hidden
        onChange={(e) => void onFile(e.currentTarget)}
        data-testid="open-file-input"
      />
      {error && (
        <span className="open-file__error" role="alert" data-testid="open-file-error">
          {error}
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setError(undefined)} aria-label="Dismiss">
            ✕
          </button>
        </span>
      )}
    </span>
  );
}
