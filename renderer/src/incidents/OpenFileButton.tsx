import { useRef, useState } from 'react';
import { BUNDLE_EXTENSION } from '../../../shared/api/bundle';
import { INCIDENT_FILE_EXTENSION } from '../../../shared/incident-file/envelope';
import { electronBridge } from '../api/electron-client';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { useDelayed } from '../support/hooks';
import { readFileBytes } from '../support/read-file';
import { SafeText } from '../support/SafeText';
import { incidentFileSizeProblem } from './incident-file-limit';
import { openIncidentBytes } from './open-anywhere';

/** Where opening stands: reading bytes (with the fraction read), then checking the content. */
type Progress = { name: string; step: 'reading'; fraction: number } | { name: string; step: 'checking' };

/** Lets React paint the progress line before the synchronous parse holds the thread. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** "Open incident file…": reads an export and switches to read-only offline review. */
export function OpenFileButton() {
  const openIncidentFile = useStore((s) => s.openIncidentFile);
  const [error, setError] = useState<string>();
  const [progress, setProgress] = useState<Progress | null>(null);
  const busy = progress !== null;
  // The handbook's rule: show progress for anything slower than a second.
  const slow = useDelayed(busy, 1000);
  const inputRef = useRef<HTMLInputElement>(null);

  const load = async (picked: { name: string; text: string | Uint8Array } | null) => {
    if (!picked) return;
    // Electron reads in the main process, under its own limit; a string's length never
    // exceeds its size in bytes, so this only stops what would not fit here either.
    const tooLarge = incidentFileSizeProblem(picked.name, picked.text.length);
    if (tooLarge) {
      setError(tooLarge);
      return;
    }
    setProgress({ name: picked.name, step: 'checking' });
    try {
      await nextTask();
      // Bytes either way, so an HTML report is unwrapped to the incident file it carries (open-anywhere.ts).
      const bytes = typeof picked.text === 'string' ? new TextEncoder().encode(picked.text) : picked.text;
      const problem = await openIncidentBytes(openIncidentFile, picked.name, bytes);
      if (problem) setError(problem);
    } finally {
      setProgress(null);
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
    setError(undefined);
    // Checked before a byte is read: reading a file too large for the tab is what crashed it.
    const tooLarge = incidentFileSizeProblem(file.name, file.size);
    if (tooLarge) {
      setError(tooLarge);
      return;
    }
    let bytes: Uint8Array;
    setProgress({ name: file.name, step: 'reading', fraction: 0 });
    try {
      bytes = await readFileBytes(file, (fraction) => setProgress({ name: file.name, step: 'reading', fraction }));
    } catch (e) {
      setProgress(null);
      setError(`Could not read ${file.name}: ${errorText(e)}`);
      return;
    }
    await load({ name: file.name, text: bytes });
  };

  return (
    <span className="open-file">
      <button type="button" className="btn btn--ghost" onClick={() => void open()} disabled={busy} data-testid="open-file-button">
        {busy ? 'Opening…' : 'Open incident file…'}
      </button>
      <input
        ref={inputRef}
        type="file"
        accept={`${INCIDENT_FILE_EXTENSION},${BUNDLE_EXTENSION},.json,application/json,.html,text/html`}
        hidden
        onChange={(e) => void onFile(e.currentTarget)}
        data-testid="open-file-input"
      />
      {slow && progress && (
        <span className="open-file__progress" role="status" data-testid="open-file-progress">
          {progress.step === 'reading' ? 'Reading' : 'Checking'} <SafeText text={progress.name} />…
          {progress.step === 'reading' && ` ${Math.floor(progress.fraction * 100)}%`}
        </span>
      )}
      {error && (
        <span className="open-file__error" role="alert" data-testid="open-file-error">
          <span>
            <SafeText text={error} />
          </span>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setError(undefined)} aria-label="Dismiss">
            ✕
          </button>
        </span>
      )}
    </span>
  );
}
