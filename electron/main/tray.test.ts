import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope, Incident } from '../../shared';
import type { ClientSession } from '../../services/core/client';
import { FakeNativeImage, Menu, Tray, app, nativeImage } from './testdata/fake-electron';
import { MENU_INCIDENTS, TRAY_CLIENT_ID, type TrayMenuEntry, startTray, trayIcon, trayModel } from './tray';

let opened = 0;
function incident(over: Partial<Incident> & Pick<Incident, 'id'>): Incident {
  return { title: `Incident ${over.id}`, severity: 'critical', status: 'open', openedAt: 1_000 + opened++, alerts: [], ...over };
}

const ack = { by: 'ana', comment: 'on it', at: 5, until: 10, silenceIds: ['s1'] };
const labels = (menu: TrayMenuEntry[]) => menu.map((entry) => ('label' in entry ? entry.label : '—'));
const incidentIds = (menu: TrayMenuEntry[]) => menu.flatMap((entry) => (entry.kind === 'incident' ? [entry.incidentId] : []));

describe('trayModel', () => {
  it('says nothing is known before the first poll, never "no open incidents"', () => {
    const model = trayModel({ incidents: undefined, blind: false });
    expect(model).toMatchObject({ tooltip: 'Lockstep — waiting for the first alert poll', title: '', badge: 0 });
    expect(labels(model.menu)).toEqual(['Show Lockstep', '—', 'Waiting for the first alert poll', '—', 'Quit Lockstep']);
  });

  it('shows no count when there is no open incident', () => {
    const model = trayModel({ incidents: [incident({ id: 'old', status: 'resolved', resolvedAt: 9 })], blind: false });
    expect(model).toMatchObject({ tooltip: 'Lockstep — no open incidents', title: '', badge: 0 });
    expect(incidentIds(model.menu)).toEqual([]);
  });

  it('counts one unacknowledged critical incident', () => {
    const model = trayModel({ incidents: [incident({ id: 'a' })], blind: false });
    expect(model).toMatchObject({ tooltip: 'Lockstep — 1 open incident, 1 unacknowledged critical', title: '1', badge: 1 });
  });

  it('counts only the unacknowledged ones in the title and badge', () => {
    const incidents = [
      incident({ id: 'crit' }),
      incident({ id: 'crit-acked', acknowledgement: ack }),
      incident({ id: 'warn-acked', severity: 'warning', acknowledgement: ack }),
      incident({ id: 'gone', status: 'resolved', resolvedAt: 9 }),
    ];
    expect(trayModel({ incidents, blind: false })).toMatchObject({ tooltip: 'Lockstep — 3 open incidents, 1 unacknowledged critical', title: '1', badge: 1 });
  });

  it('says how many of the unacknowledged are critical, and when all are acknowledged', () => {
    const mixed = [incident({ id: 'c' }), incident({ id: 'w', severity: 'warning' }), incident({ id: 'i', severity: 'info', acknowledgement: ack })];
    expect(trayModel({ incidents: mixed, blind: false })).toMatchObject({ tooltip: 'Lockstep — 3 open incidents, 2 unacknowledged (1 critical)', title: '2', badge: 2 });
    const warnings = [incident({ id: 'w1', severity: 'warning' }), incident({ id: 'w2', severity: 'warning' })];
    expect(trayModel({ incidents: warnings, blind: false }).tooltip).toBe('Lockstep — 2 open incidents, 2 unacknowledged');
    const held = [incident({ id: 'a', acknowledgement: ack }), incident({ id: 'b', acknowledgement: ack })];
    expect(trayModel({ incidents: held, blind: false })).toMatchObject({ tooltip: 'Lockstep — 2 open incidents, all acknowledged', title: '', badge: 0 });
    expect(trayModel({ incidents: [held[0]!], blind: false }).tooltip).toBe('Lockstep — 1 open incident, acknowledged');
  });

  it('never reads as an all-clear while alerting is blind', () => {
    expect(trayModel({ incidents: [], blind: true })).toMatchObject({ tooltip: 'Lockstep — alerting is blind, open incidents unknown', title: '?', badge: 0 });
    expect(trayModel({ incidents: undefined, blind: true }).tooltip).toBe('Lockstep — alerting is blind, open incidents unknown');
    const model = trayModel({ incidents: [incident({ id: 'a' }), incident({ id: 'b', acknowledgement: ack })], blind: true });
    expect(model).toMatchObject({ tooltip: 'Lockstep — alerting is blind; last known: 2 open incidents, 1 unacknowledged critical', title: '1?', badge: 1 });
    expect(labels(model.menu)[2]).toBe('Alerting is blind; last known: 2 open incidents, 1 unacknowledged critical');
  });

  it('lists the worst few open incidents, then how many more', () => {
    const incidents = [
      incident({ id: 'info', severity: 'info', title: 'Slow dashboard' }),
      incident({ id: 'warn-old', severity: 'warning', title: 'Battery reports late' }),
      incident({ id: 'crit-acked', acknowledgement: ack, title: 'Payments down' }),
      incident({ id: 'warn-new', severity: 'warning', title: 'Map tiles slow' }),
      incident({ id: 'resolved', status: 'resolved', resolvedAt: 9 }),
      incident({ id: 'crit', title: 'Unlocks failing in Berlin' }),
      incident({ id: 'warn-acked', severity: 'warning', acknowledgement: ack, title: 'GPS drift' }),
    ];
    const model = trayModel({ incidents, blind: false });
    expect(incidentIds(model.menu)).toHaveLength(MENU_INCIDENTS);
    expect(labels(model.menu)).toEqual([
      'Show Lockstep',
      '—',
      '6 open incidents, 4 unacknowledged (1 critical)',
      'Critical · Unlocks failing in Berlin',
      'Critical · Payments down (acknowledged)',
      'Warning · Battery reports late',
      'Warning · Map tiles slow',
      'Warning · GPS drift (acknowledged)',
      '1 more open incident…',
      '—',
      'Quit Lockstep',
    ]);
    expect(incidentIds(model.menu)).toEqual(['crit', 'crit-acked', 'warn-old', 'warn-new', 'warn-acked']);
  });

  it('shows outside text as text in menu labels: bidi controls visible, & literal, one short line', () => {
    const model = trayModel({ incidents: [incident({ id: 'x', title: `R&D\u202Etxt.exe\n${'long '.repeat(20)}` })], blind: false });
    const label = labels(model.menu)[3]!;
    expect(label).not.toMatch(/[\u202E\n]/);
    expect(label).toContain('R&&D');
    expect(label.endsWith('…')).toBe(true);
    expect(label.length).toBeLessThan(80);
  });
});

describe('trayIcon', () => {
  it('decodes the embedded icon with a 2× representation', () => {
    const icon = trayIcon(nativeImage);
    expect(icon.isEmpty()).toBe(false);
    expect(icon.representations).toEqual([{ scaleFactor: 2, dataURL: expect.stringMatching(/^data:image\/png;base64,/) }]);
  });

  it('adds nothing to an image that did not decode', () => {
    const icon = trayIcon({ createFromDataURL: () => new FakeNativeImage() });
    expect(icon.isEmpty()).toBe(true);
    expect(icon.representations).toEqual([]);
  });
});

type Menu = ReturnType<typeof Menu.buildFromTemplate>;

function harness(options: { icon?: FakeNativeImage; badge?: boolean; trayFails?: boolean } = {}) {
  let client: ClientSession | undefined;
  const services = { attached: [] as string[], detached: [] as string[] };
  const trays: Tray[] = [];
  const shown: string[] = [];
  const badges: number[] = [];
  const logs: string[] = [];
  const stop = startTray<FakeNativeImage, Menu>({
    services: {
      attach: (c) => {
        client = c;
        services.attached.push(c.id);
      },
      detach: (id) => {
        client = undefined;
        services.detached.push(id);
      },
    },
    icon: options.icon ?? trayIcon(nativeImage),
    createTray: (icon) => {
      if (options.trayFails) throw new Error('no status area');
      const tray = new Tray(icon);
      trays.push(tray);
      return tray;
    },
    buildMenu: (template) => Menu.buildFromTemplate(template),
    ...(options.badge === false
      ? {}
      : {
          setBadgeCount: (count: number) => {
            badges.push(count);
            return app.setBadgeCount(count);
          },
        }),
    showWindow: () => shown.push('window'),
    openIncident: (id) => shown.push(id),
    quit: () => shown.push('quit'),
    log: (m) => logs.push(m),
  });
  const tray = trays[0];
  const send = (event: EventEnvelope) => client?.send(event);
  const poll = (incidents: Incident[] | undefined, blind = false) => {
    send({ event: 'alerts', payload: { alerts: [], fetchedAt: 1, health: { blind, reasons: blind ? ['Watchdog missing'] : [] } } });
    if (incidents) send({ event: 'incidents', payload: { incidents, timeline: [] } });
  };
  const callsOf = (name: string) => tray?.calls.filter(([call]) => call === name).map(([, arg]) => arg) ?? [];
  const lastMenu = () => callsOf('setContextMenu').at(-1) as MenuItemConstructorOptions[];
  const click = (label: string) => {
    const item = lastMenu().find((entry) => entry.label === label);
    if (!item?.click) throw new Error(`no menu item "${label}"`);
    (item.click as () => void)();
  };
  return { stop, tray, services, shown, badges, logs, poll, send, callsOf, lastMenu, click };
}

const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('startTray', () => {
  it('shows "waiting" at once and the count once the services have polled', async () => {
    const h = harness();
    expect(h.services.attached).toEqual([TRAY_CLIENT_ID]);
    expect(h.callsOf('setToolTip')).toEqual(['Lockstep — waiting for the first alert poll']);
    expect(h.callsOf('setTitle')).toEqual(['']);
    expect(h.badges).toEqual([0]);
    h.poll([incident({ id: 'a' }), incident({ id: 'b', acknowledgement: ack }), incident({ id: 'c', severity: 'warning' })]);
    await settle();
    expect(h.callsOf('setToolTip').at(-1)).toBe('Lockstep — 3 open incidents, 2 unacknowledged (1 critical)');
    expect(h.callsOf('setTitle').at(-1)).toBe('2');
    expect(h.badges).toEqual([0, 2]);
    // The poll's `alerts` and `incidents` events make one update, not two.
    expect(h.callsOf('setContextMenu')).toHaveLength(2);
  });

  it('a poll with no incident event means none are open', async () => {
    const h = harness();
    h.poll(undefined);
    await settle();
    expect(h.callsOf('setToolTip').at(-1)).toBe('Lockstep — no open incidents');
  });

  it('opens the chosen incident from the menu, and shows the window from the icon and "Show Lockstep"', async () => {
    const h = harness();
    h.poll([incident({ id: 'warn', severity: 'warning', title: 'Map tiles slow' }), incident({ id: 'inc/7', title: 'Unlocks failing' })]);
    await settle();
    const menu = h.lastMenu();
    expect(menu.map((item) => item.label ?? item.type)).toEqual([
      'Show Lockstep',
      'separator',
      '2 open incidents, 2 unacknowledged (1 critical)',
      'Critical · Unlocks failing',
      'Warning · Map tiles slow',
      'separator',
      'Quit Lockstep',
    ]);
    expect(menu[2]).toMatchObject({ enabled: false });
    h.click('Warning · Map tiles slow');
    h.click('Critical · Unlocks failing');
    h.click('Show Lockstep');
    h.tray?.emit('click');
    h.click('Quit Lockstep');
    expect(h.shown).toEqual(['warn', 'inc/7', 'window', 'window', 'quit']);
  });

  it('touches Electron only for what changed', async () => {
    const h = harness();
    const incidents = [incident({ id: 'a' })];
    h.poll(incidents);
    await settle();
    const before = h.tray!.calls.length;
    // Every poll repeats the alerts; an equal snapshot (a copy) changes nothing shown either.
    h.poll(undefined);
    h.poll(structuredClone(incidents));
    await settle();
    expect(h.tray!.calls.length).toBe(before);
    expect(h.badges).toEqual([0, 1]);
    // Acknowledged elsewhere: the count and the menu change, the tooltip's wording too.
    h.poll([{ ...incidents[0]!, acknowledgement: ack }]);
    await settle();
    expect(h.tray!.calls.slice(before).map(([name]) => name)).toEqual(['setToolTip', 'setTitle', 'setContextMenu']);
    expect(h.badges).toEqual([0, 1, 0]);
  });

  it('keeps the last known count while alerting is blind, and says so', async () => {
    const h = harness();
    h.poll([incident({ id: 'a' })]);
    await settle();
    h.poll(undefined, true);
    await settle();
    expect(h.callsOf('setToolTip').at(-1)).toBe('Lockstep — alerting is blind; last known: 1 open incident, 1 unacknowledged critical');
    expect(h.callsOf('setTitle').at(-1)).toBe('1?');
  });

  it('is destroyed on quit: detached, badge cleared, nothing drawn after', async () => {
    const h = harness();
    h.poll([incident({ id: 'a' })]);
    await settle();
    h.stop();
    h.stop();
    expect(h.services.detached).toEqual([TRAY_CLIENT_ID]);
    expect(h.tray?.isDestroyed()).toBe(true);
    expect(h.callsOf('destroy')).toHaveLength(1);
    expect(h.badges).toEqual([0, 1, 0]);
    const calls = h.tray!.calls.length;
    h.poll([]);
    await settle();
    expect(h.tray!.calls.length).toBe(calls);
  });

  it('a change queued just before quit is not drawn on the destroyed tray', async () => {
    const h = harness();
    h.poll([incident({ id: 'a' })]);
    h.stop();
    await settle();
    expect(h.tray!.calls.map(([name]) => name)).toEqual(['setToolTip', 'setTitle', 'setContextMenu', 'destroy']);
  });

  it('works without an icon image: the title says "Lockstep" so it can be found', async () => {
    const h = harness({ icon: nativeImage.createEmpty() });
    expect(h.tray?.image).toBeInstanceOf(FakeNativeImage);
    expect(h.callsOf('setTitle')).toEqual(['Lockstep']);
    h.poll([incident({ id: 'a' }), incident({ id: 'b' })]);
    await settle();
    expect(h.callsOf('setTitle').at(-1)).toBe('Lockstep 2');
    expect(h.logs.join('\n')).toMatch(/icon image is empty/);
  });

  it('without a tray (none where it runs) the badge still counts, and quitting is safe', async () => {
    const h = harness({ trayFails: true });
    expect(h.logs.join('\n')).toMatch(/No tray icon: .*no status area/);
    h.poll([incident({ id: 'a' })]);
    await settle();
    expect(h.badges).toEqual([0, 1]);
    h.stop();
    expect(h.badges).toEqual([0, 1, 0]);
  });

  it('sets no badge where there is none (Windows)', async () => {
    const h = harness({ badge: false });
    h.poll([incident({ id: 'a' })]);
    await settle();
    h.stop();
    expect(h.badges).toEqual([]);
    expect(h.callsOf('setTitle').at(-1)).toBe('1');
  });
});
