/**
 * Lines a logs panel asks for on an unattended wall (kiosk, or a playlist turning).
 *
 * Nobody scrolls a wall: its logs panel shows one screen of rows, about 15–25 at a wall's
 * type size (rowPxFor in renderer/src/panels/LogList.tsx), and no more is ever read. A
 * panel's own limit (200 on the war room, services/dashboards/war-room.ts) only fills as
 * the log window does, so the renderer heap kept growing for the first quarter hour of a
 * wall soak (scripts/bench/wall-soak.ts) while holding lines, patterns and rows nobody saw.
 * 50 is two screens: enough that the newest screen is never cut short by a burst.
 */
export const WALL_LOG_LINES = 50;

/** The limit a logs panel polls with: its own, capped on an unattended wall. */
export function logLinesLimit(panelLimit: number, unattendedWall: boolean): number {
  return unattendedWall ? Math.min(panelLimit, WALL_LOG_LINES) : panelLimit;
}
