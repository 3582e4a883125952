import { useRef, useState } from 'react';
import { electronBridge } from '../api/electron-client';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { saveTextFile } from '../support/files';
import { readFileText } from '../support/read-file';

/**
 * Export: every source as JSON, credential names kept and no secret, for another console
 * or a team mate. Import: such a file (or a config file) — all its sources valid, or
 * nothing changes — then the secrets it names are set once on this console.
 */
export function ExportImport({ onDone, onError }: { onDone(sentence: string): void; onError(sentence: string): void }) {
  const client = useStore((s) => s.client);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const exportAll = async () => {
    if (!client) return;
    setBusy(true);
    try {
      const exported = await client.call('exportSourceSettings', {});
      const where = await saveTextFile(exported.fileName, exported.text);
      if (where) onDone(`Exported ${exported.count} source${exported.count === 1 ? '' : 's'} to ${where}: credential names only, no secrets.`);
    } catch (e) {
      onError(`Export failed: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const importText = async (text: string) => {
    if (!client) return;
    setBusy(true);
    try {
      onDone((await client.call('importSourceSettings', { text })).sentence);
    } catch (e) {
      onError(`Nothing was imported: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const pick = async () => {
    const bridge = electronBridge();
    if (!bridge) {
      inputRef.current?.click();
      return;
    }
    try {
      const picked = await bridge.files.openText();
      if (picked) await importText(picked.text);
    } catch (e) {
      onError(`Could not open the file: ${errorText(e)}`);
    }
  };

  return (
    <div className="settings__transfer">
      <button type="button" className="btn" onClick={() => void exportAll()} disabled={busy} data-testid="settings-export">
        Export…
      </button>
      <button type="button" className="btn" onClick={() => void pick()} disabled={busy} data-testid="settings-import">
        Import…
      </button>
      <input
        ref={inputRef}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Source settings file to import"
        data-testid="settings-import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void readFileText(file, () => undefined).then(importText, (error: unknown) => onError(`Could not read the file: ${errorText(error)}`));
        }}
      />
    </div>
  );
}
