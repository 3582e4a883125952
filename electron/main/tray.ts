import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import { type EventEnvelope, type Incident, severityRank } from '../../shared';
import { visibleText } from '../../shared/text/visible-text';
import type { ClientSession } from '../../services/core/client';
import type { LockstepServices } from '../../services/core/lockstep-services';

/** What the tray knows: the incidents once a poll has told it, and whether alerting is blind. */
export interface TrayState {
  /** Undefined until the first alert poll: not knowing is not "no incidents". */
  incidents: readonly Incident[] | undefined;
  blind: boolean;
}

export type TrayMenuEntry =
  | { kind: 'show'; label: string }
  | { kind: 'status'; label: string }
  | { kind: 'incident'; label: string; incidentId: string }
  | { kind: 'more'; label: string }
  | { kind: 'separator' }
  | { kind: 'quit'; label: string };

export interface TrayModel {
  tooltip: string;
  /** The open unacknowledged incidents: macOS shows it next to the icon; '' when none. */
  title: string;
  /** The same number for the dock / launcher badge (0 clears it). */
  badge: number;
  menu: TrayMenuEntry[];
}

/** Incidents listed in the menu; the rest are one "N more…" line that opens the window. */
export const MENU_INCIDENTS = 5;
const LABEL_CHARS = 60;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const isUnacknowledged = (incident: Incident) => incident.acknowledgement === undefined;

/** Worst first: severity, then unacknowledged before acknowledged, then the longest open. */
function worstFirst(a: Incident, b: Incident): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    Number(isUnacknowledged(b)) - Number(isUnacknowledged(a)) ||
    a.openedAt - b.openedAt ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * A menu label from outside text: bidi controls shown, not applied; one line; short; and
 * `&` doubled, since Electron reads a single one as a keyboard mnemonic on every platform.
 */
function menuText(text: string): string {
  const line = visibleText(text).replace(/\s+/g, ' ').trim();
  const short = line.length > LABEL_CHARS ? `${line.slice(0, LABEL_CHARS - 1)}…` : line;
  return short.replaceAll('&', '&&');
}

function incidentLabel(incident: Incident): string {
  const severity = incident.severity[0]!.toUpperCase() + incident.severity.slice(1);
  return `${severity} · ${menuText(incident.title || incident.id)}${isUnacknowledged(incident) ? '' : ' (acknowledged)'}`;
}

/** "3 open incidents, 1 unacknowledged critical": the words behind the tray's number. */
function countsText(open: readonly Incident[]): string {
  if (open.length === 0) return 'no open incidents';
  const unacknowledged = open.filter(isUnacknowledged);
  const critical = unacknowledged.filter((i) => i.severity === 'critical').length;
  const head = plural(open.length, 'open incident');
  if (unacknowledged.length === 0) return `${head}, ${open.length === 1 ? 'acknowledged' : 'all acknowledged'}`;
  if (critical === unacknowledged.length) return `${head}, ${unacknowledged.length} unacknowledged critical`;
  if (critical === 0) return `${head}, ${unacknowledged.length} unacknowledged`;
  return `${head}, ${unacknowledged.length} unacknowledged (${critical} critical)`;
}

/** While blind the tracker keeps what it last knew open, so those still count; an empty list means nothing. */
function summaryOf(state: TrayState, open: readonly Incident[]): string {
  if (state.blind) return state.incidents === undefined || open.length === 0 ? 'alerting is blind, open incidents unknown' : `alerting is blind; last known: ${countsText(open)}`;
  if (state.incidents === undefined) return 'waiting for the first alert poll';
  return countsText(open);
}

/** What the tray shows for what it knows: pure, so every wording is tested without Electron. */
export function trayModel(state: TrayState): TrayModel {
  const open = (state.incidents ?? []).filter((i) => i.status === 'open').sort(worstFirst);
  const unacknowledged = open.filter(isUnacknowledged).length;
  const summary = summaryOf(state, open);
  const listed = open.slice(0, MENU_INCIDENTS);
  const more = open.length - listed.length;
  const menu: TrayMenuEntry[] = [
    { kind: 'show', label: 'Show Lockstep' },
    { kind: 'separator' },
    { kind: 'status', label: summary[0]!.toUpperCase() + summary.slice(1) },
    ...listed.map((incident): TrayMenuEntry => ({ kind: 'incident', label: incidentLabel(incident), incidentId: incident.id })),
    ...(more > 0 ? [{ kind: 'more' as const, label: `${plural(more, 'more open incident')}…` }] : []),
    { kind: 'separator' },
    { kind: 'quit', label: 'Quit Lockstep' },
  ];
  // Blind, the title is never empty (empty reads as all-quiet at a glance): "?" or the last known count with "?".
  const title = state.blind ? `${unacknowledged > 0 ? unacknowledged : ''}?` : unacknowledged > 0 ? String(unacknowledged) : '';
  return { tooltip: `Lockstep — ${summary}`, title, badge: unacknowledged, menu };
}

/**
 * The tray icon: the header's blue diamond (◆), 16 px and 32 px for 2× screens, embedded
 * because the repository ships no icon files.
 */
const ICON_1X =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAS0lEQVR42mPwm/OVgRJMSEE/FJNlAEjjfyjuJ9UAZM14DSFWM05DSNGM1RBSNWMYQo5mFEOoZgDFXqBKIFIlGqmSkKiSlKmSmYjCAK7iQm/2KG2JAAAAAElFTkSuQmCC';
const ICON_2X =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAi0lEQVR42t2XSw6AIAwFe0KvxgW8pmsNCQsS/AD2M7roeiYptK+yrJtElnxdIJUKEcjgvVTyFqjhryS04NMSmvApCW34sIQFfEjCCt4tYQnvkrCGP0p4wG8lvOCXEp7wUwlveCOBEghvAeIRIr4hYhAhRjFiGSHWMSKQICIZIpQiYjniMEGcZv+4jg9kdAZktEq+ugAAAABJRU5ErkJggg==';

export type IconImage = Pick<NativeImage, 'isEmpty' | 'addRepresentation'>;

/** Electron's `nativeImage`, as far as the tray needs it. */
export interface ImageFactory<I extends IconImage> {
  createFromDataURL(dataURL: string): I;
}

export function trayIcon<I extends IconImage>(images: ImageFactory<I>): I {
  const icon = images.createFromDataURL(ICON_1X);
  if (!icon.isEmpty()) icon.addRepresentation({ scaleFactor: 2, dataURL: ICON_2X });
  return icon;
}

/** The parts of Electron's `Tray` used here. */
export interface TrayLike<M> {
  setToolTip(toolTip: string): void;
  setTitle(title: string): void;
  setContextMenu(menu: M | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
  isDestroyed(): boolean;
}

export interface TrayDeps<I extends Pick<IconImage, 'isEmpty'>, M> {
  services: Pick<LockstepServices, 'attach' | 'detach'>;
  icon: I;
  createTray(icon: I): TrayLike<M>;
  buildMenu(template: MenuItemConstructorOptions[]): M;
  /** macOS dock and Linux launchers; absent where there is no badge (Windows). */
  setBadgeCount?(count: number): unknown;
  /** Shows and focuses the console window. */
  showWindow(): void;
  /** Opens the incident in the window, as a notification click does. */
  openIncident(incidentId: string): void;
  quit(): void;
  log?: (message: string) => void;
}

export const TRAY_CLIENT_ID = 'electron-tray';

/**
 * The tray icon with the open-incident count. It attaches to the services like a window
 * does: attaching hands it what is known now (a tray started after the first poll would
 * otherwise wait for the next change), then every broadcast. Only what changed is pushed
 * to Electron. The returned function detaches, clears the badge and destroys the tray.
 */
export function startTray<I extends Pick<IconImage, 'isEmpty'>, M>(deps: TrayDeps<I, M>): () => void {
  const log = deps.log ?? ((message: string) => console.warn(`[lockstep] ${message}`));
  // Without an image (it failed to decode) macOS would show an empty, zero-width item: the title says "Lockstep".
  const wordsOnly = deps.icon.isEmpty();
  if (wordsOnly) log('The tray icon image is empty; the tray shows its title in words.');
  let tray: TrayLike<M> | undefined;
  try {
    tray = deps.createTray(deps.icon);
    tray.on('click', () => deps.showWindow());
  } catch (error) {
    log(`No tray icon: ${String(error)}`);
  }

  let polled = false;
  let blind = false;
  let incidents: readonly Incident[] = [];
  const shown: { tooltip?: string; title?: string; badge?: number; menu?: string } = {};

  const render = () => {
    const model = trayModel({ incidents: polled ? incidents : undefined, blind });
    const title = wordsOnly ? `Lockstep${model.title ? ` ${model.title}` : ''}` : model.title;
    if (tray && !tray.isDestroyed()) {
      if (model.tooltip !== shown.tooltip) tray.setToolTip((shown.tooltip = model.tooltip));
      if (title !== shown.title) tray.setTitle((shown.title = title));
      const menu = JSON.stringify(model.menu);
      if (menu !== shown.menu) {
        shown.menu = menu;
        tray.setContextMenu(deps.buildMenu(model.menu.map(menuItem)));
      }
    }
    if (deps.setBadgeCount && model.badge !== shown.badge) {
      shown.badge = model.badge;
      deps.setBadgeCount(model.badge);
    }
  };

  // A poll sends `alerts` and then, synchronously, the `incidents` it changed: one render for both.
  let scheduled = false;
  const renderSoon = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (!stopped) render();
    });
  };

  const menuItem = (entry: TrayMenuEntry): MenuItemConstructorOptions => {
    switch (entry.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'status':
        return { label: entry.label, enabled: false };
      case 'show':
      case 'more':
        return { label: entry.label, click: () => deps.showWindow() };
      case 'incident':
        return { label: entry.label, click: () => deps.openIncident(entry.incidentId) };
      case 'quit':
        return { label: entry.label, click: () => deps.quit() };
    }
  };

  const client: ClientSession = {
    id: TRAY_CLIENT_ID,
    host: 'electron',
    send: (envelope: EventEnvelope) => {
      if (envelope.event === 'alerts') {
        polled = true;
        blind = envelope.payload.health?.blind ?? false;
      } else if (envelope.event === 'incidents') {
        incidents = envelope.payload.incidents;
      } else {
        return;
      }
      renderSoon();
    },
  };
  let stopped = false;
  render();
  deps.services.attach(client);

  return () => {
    if (stopped) return;
    stopped = true;
    deps.services.detach(TRAY_CLIENT_ID);
    if (deps.setBadgeCount && shown.badge) deps.setBadgeCount(0);
    if (tray && !tray.isDestroyed()) tray.destroy();
    tray = undefined;
  };
}
