import { useEffect } from 'react';
import { electronBridge } from '../api/electron-client';
import { parseTraceHash } from '../../../shared/trace/trace-link';
import { useStore } from '../store/store';

const INCIDENT = /^#\/incident\/(.+)$/;
const ACKNOWLEDGE = /^#\/acknowledge\/(.+)$/;
const OPEN_FILE = '#/open-incident-file';

/**
 * The desktop host points the window at an incident (a notification was clicked) or asks
 * for the open-file dialog (the menu) by setting the URL hash; this follows those links.
 */
export function useDeepLinks(): void {
  useEffect(() => {
    const follow = () => {
      const hash = window.location.hash;
      if (!hash) return;
      const incident = INCIDENT.exec(hash);
      // #/trace/<id>?span=<id>: a shared web link, or the desktop app's lockstep://trace link (electron/main/trace-deep-link.ts).
      const trace = parseTraceHash(hash);
      const acknowledge = ACKNOWLEDGE.exec(hash);
      if (trace) {
        useStore.getState().followTraceLink(trace);
      } else if (acknowledge?.[1]) {
        // A notification's Acknowledge button: the incident, and its dialog asking for a comment.
        const id = decodeURIComponent(acknowledge[1]);
        useStore.getState().selectIncident(id);
        useStore.getState().openDialog({ kind: 'ack', fingerprint: id });
      } else if (incident?.[1]) {
        useStore.getState().selectIncident(decodeURIComponent(incident[1]));
      } else if (hash === OPEN_FILE) {
        const bridge = electronBridge();
        if (bridge) {
          void bridge.files.openText().then((picked) => {
            if (picked) void useStore.getState().openIncidentFile(picked.name, picked.text);
          });
        }
      }
      // Clear it so the same link followed twice (two clicks on one notification) works.
      history.replaceState(null, '', window.location.pathname + window.location.search);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
}
