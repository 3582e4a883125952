import { type Playlist, parsePlaylistParam } from './playlist';

/** What a wall's address asks for: `?wall=1&kiosk=1&contrast=1&playlist=…`. */
export interface WallParams {
  /** Big type, filled screen, toasts in the ribbon. */
  wall: boolean;
  /** The wall with no chrome: a slim status ribbon instead of the header; full screen on first interaction. */
  kiosk: boolean;
  /** The high-contrast palette (pure black and white, saturated states). */
  contrast: boolean;
  playlist?: Playlist;
  /** Why the playlist in the address was not used. */
  playlistError?: string;
}

/** Reads the address's query string; anything unrecognised is ignored, never thrown. */
export function readWallParams(search: string): WallParams {
  const params = new URLSearchParams(search);
  const kiosk = params.get('kiosk') === '1';
  const raw = params.get('playlist');
  const parsed = raw === null ? undefined : parsePlaylistParam(raw);
  return {
    // A kiosk and a playlist only make sense on a wall.
    wall: params.get('wall') === '1' || kiosk || raw !== null,
    kiosk,
    contrast: params.get('contrast') === '1',
    ...(parsed && 'playlist' in parsed ? { playlist: parsed.playlist } : {}),
    ...(parsed && 'error' in parsed ? { playlistError: parsed.error } : {}),
  };
}
