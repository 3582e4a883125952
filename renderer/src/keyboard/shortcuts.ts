import { useEffect } from 'react';
import type { AppState } from '../store/app-state';
import { useStore } from '../store/store';
import { actingPermission } from '../actions/permissions';

const TYPING = 'input, textarea, select, [contenteditable="true"]';

/** What one key does, given the store; returns false when the key is not ours. */
export function runShortcut(key: string, s: AppState, target: Element | null): boolean {
  switch (key) {
    case '?':
      s.openDialog({ kind: 'shortcuts' });
      return true;
    case 'a':
      s.focus('alerts');
      if (!s.selectedAlert) s.moveAlertSelection(1);
      return true;
    case 'i':
      s.focus('incidents');
      return true;
    case 'g':
      s.focus('dashboard');
      return true;
    case 't':
      s.openDialog({ kind: 'trace-input' });
      return true;
    case 'f':
      if (!s.session) return false;
      s.openTraceSearch();
      return true;
    case 's':
      // Offline review has no sources to set; a viewer is told in the view that settings are for operators.
      if (s.session?.mode === 'bundle') return false;
      s.openDialog({ kind: 'settings' });
      return true;
    case 'w':
      s.setWall(!s.wall);
      return true;
    case 'z':
      s.setTimeZone(s.effectiveTimeZone() === 'utc' ? 'local' : 'utc');
      return true;
    case 'j':
    case 'k':
      moveSelection(s, key === 'j' ? 1 : -1);
      return true;
    case 'c': {
      const alert = s.alerts.find((a) => a.fingerprint === s.selectedAlert);
      if (!alert || alert.state !== 'firing' || !actingPermission(s.session).canAct) return false;
      s.openDialog({ kind: 'ack', fingerprint: alert.fingerprint });
      return true;
    }
    case 'Enter': {
      // Buttons and links already do their own thing on Enter.
      if (target?.closest('button, a')) return false;
      if (s.focusArea !== 'alerts' || !s.selectedAlert) return false;
      const incident = s.incidents.find((i) => i.alerts.includes(s.selectedAlert!));
      if (incident) {
        s.selectIncident(incident.id);
        s.focus('incidents');
      } else {
        s.pushToast({ id: 'no-incident', title: 'No incident for this alert', body: 'It is not grouped into an incident yet.', severity: 'info' });
      }
      return true;
    }
    default:
      return false;
  }
}

function moveSelection(s: AppState, delta: number): void {
  if (s.focusArea === 'incidents') {
    const index = s.incidents.findIndex((i) => i.id === s.selectedIncidentId);
    const next = s.incidents[Math.min(s.incidents.length - 1, Math.max(0, index + delta))];
    if (next) s.selectIncident(next.id);
    return;
  }
  if (s.focusArea !== 'alerts') s.focus('alerts');
  s.moveAlertSelection(delta);
}

/** Keyboard-first: one listener for the whole window; dialogs handle their own keys. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(TYPING)) return;
      const state = useStore.getState();
      if (state.dialog) return;
      if (state.traceView) {
        if (event.key === 'Escape') state.closeTrace();
        return;
      }
      // The Traces screen has its own keys (its table and scatter); Esc leaves it.
      if (state.traceSearch.open) {
        if (event.key === 'Escape') state.closeTraceSearch();
        return;
      }
      if (runShortcut(event.key, state, target)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
