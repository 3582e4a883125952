import { electronBridge } from '../api/electron-client';

/** Saves text: a native save dialog in Electron, a download in the browser. */
export async function saveTextFile(fileName: string, text: string): Promise<string | null> {
  const bridge = electronBridge();
  if (bridge) {
    const saved = await bridge.files.saveText(fileName, text);
    return saved?.path ?? null;
  }
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // Revoke later: the download starts asynchronously after the click.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return fileName;
}
