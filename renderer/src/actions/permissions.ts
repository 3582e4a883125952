import type { SessionInfo } from '../../../shared/api/session';

/** What a viewer console says wherever it would offer an action. */
export const VIEWER_REASON = 'This screen is a viewer: it can look but not act';
export const OFFLINE_REASON = 'Offline review — read only';

export type ActingPermission = { canAct: true; reason?: undefined } | { canAct: false; reason: string };

/**
 * Whether this console may act, and if not why, in words to show on the disabled button.
 * No session yet: not until the host has said who this is.
 */
export function actingPermission(session: Pick<SessionInfo, 'readOnly' | 'role'> | null): ActingPermission {
  if (!session) return { canAct: false, reason: 'Connecting…' };
  if (session.readOnly) return { canAct: false, reason: OFFLINE_REASON };
  if (session.role === 'viewer') return { canAct: false, reason: VIEWER_REASON };
  return { canAct: true };
}

/** Who this console's actions are recorded as: fixed by the host (credential, OS user) or typed on older hosts. */
export function actingName(session: Pick<SessionInfo, 'actingAs'> | null, typed: string): string {
  return session?.actingAs ?? typed;
}
