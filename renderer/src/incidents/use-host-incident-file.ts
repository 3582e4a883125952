import { useEffect } from 'react';
import { z } from 'zod';
import { MAX_INCIDENT_FILE_BYTES } from '../../../shared/api/bundle';
import { electronBridge } from '../api/electron-client';
import { INCIDENT_FILE_NAME_HEADER } from '../../../shared/api/wire';
import { takeHostFileFetch } from './host-file-fetch';
import { errorText } from '../api/parse';
import { useStore } from '../store/store';
import { openIncidentBytes } from './open-anywhere';
import { markOpen } from '../../../shared/incident-file/open-marks';

/** The file's name as the host sent it; a header that does not decode gives the generic name. */
function nameFrom(header: string | null): string {
  try {
    const name = decodeURIComponent(header ?? '').trim();
    return name.slice(0, 255) || 'incident.lockstep.json';
  } catch {
    return 'incident.lockstep.json';
  }
}

/** What the desktop host sends for a double-clicked file (electron/main/open-file.ts); checked, never trusted. */
const DesktopFileSchema = z.object({
  name: z.string().min(1).max(255),
  bytes: z.instanceof(Uint8Array).refine((b) => b.length <= MAX_INCIDENT_FILE_BYTES, 'larger than the incident file limit'),
});

/**
 * The desktop host reads a double-clicked incident file in its main process and sends its
 * name and bytes here; it opens like any other. Any failure is one toast.
 */
export function useDesktopIncidentFile(): void {
  useEffect(() => {
    const subscribe = electronBridge()?.files.onIncidentFile;
    if (!subscribe) return;
    const fail = (body: string) => useStore.getState().pushToast({ id: 'desktop-incident-file', title: 'Incident file not opened', body, severity: 'warning' });
    return subscribe((payload) => {
      const file = DesktopFileSchema.safeParse(payload);
      if (!file.success) return fail(`The desktop app sent an incident file this window cannot read (${file.error.issues[0]?.message ?? 'unexpected shape'}).`);
      void openIncidentBytes(useStore.getState().openIncidentFile, file.data.name, file.data.bytes).then((problem) => problem && fail(problem));
    });
  }, []);
}

/**
 * `lockstep open FILE` (scripts/open.ts) prints the console's URL with
 * `?open-incident-file=1`: the page fetches that one file from its own host, with its
 * token, and opens it for offline review. Any failure is one toast naming the file.
 */
export function useHostIncidentFile(): void {
  useEffect(() => {
    const fail = (body: string) => useStore.getState().pushToast({ id: 'host-incident-file', title: 'Incident file not opened', body, severity: 'warning' });
    void (async () => {
      try {
        // Begun by main.tsx before this chunk loaded (host-file-fetch.ts): StrictMode may run this effect twice, and the file opens once.
        const pending = takeHostFileFetch();
        if (!pending) return;
        const response = await pending;
        if (!response.ok) return fail(`The Lockstep host did not give the incident file (HTTP ${response.status}): ${(await response.text()).slice(0, 300)}`);
        const name = nameFrom(response.headers.get(INCIDENT_FILE_NAME_HEADER));
        const bytes = new Uint8Array(await response.arrayBuffer());
        markOpen('fetch-done');
        const problem = await openIncidentBytes(useStore.getState().openIncidentFile, name, bytes);
        if (problem) fail(problem);
      } catch (error) {
        fail(`Could not fetch the incident file from the Lockstep host: ${errorText(error)}. Check that \`npm run open\` is still running.`);
      }
    })();
  }, []);
}
