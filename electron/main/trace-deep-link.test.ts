import { beforeEach, describe, expect, it } from 'vitest';
import { app } from './testdata/fake-electron';
import { installTraceDeepLinks } from './trace-deep-link';

let shown: string[];
let logged: string[];

const install = (argv: string[] = ['/opt/lockstep/lockstep'], defaultApp = false) =>
  installTraceDeepLinks({ app, argv, defaultApp, execPath: '/opt/electron', show: (hash) => shown.push(hash), log: (line) => logged.push(line) });

describe('trace deep links through the fake Electron app', () => {
  beforeEach(() => {
    shown = [];
    logged = [];
    app.removeAllListeners('open-url');
    app.removeAllListeners('second-instance');
  });

  it('registers the lockstep scheme, with the script path when run unpackaged', () => {
    const calls: unknown[][] = [];
    const original = app.setAsDefaultProtocolClient;
    app.setAsDefaultProtocolClient = (...args: Parameters<typeof original>) => (calls.push(args), true);
    try {
      install(['/opt/electron', 'out/main.cjs'], true);
      install();
    } finally {
      app.setAsDefaultProtocolClient = original;
    }
    expect(calls[0]?.[0]).toBe('lockstep');
    expect(calls[0]?.[1]).toBe('/opt/electron');
    expect(String((calls[0]?.[2] as string[])[0])).toMatch(/out\/main\.cjs$/);
    expect(calls[1]).toEqual(['lockstep']);
  });

  it('opens a macOS open-url link once the window is attached, and later ones at once', () => {
    const links = install();
    let prevented = 0;
    app.emit('open-url', { preventDefault: () => (prevented += 1) }, 'lockstep://trace/ABC123?span=de01');
    expect(shown).toEqual([]);
    links.attach();
    expect(shown).toEqual(['#/trace/abc123?span=de01']);
    app.emit('open-url', { preventDefault: () => (prevented += 1) }, 'lockstep://trace/ff');
    expect(shown).toEqual(['#/trace/abc123?span=de01', '#/trace/ff']);
    expect(prevented).toBe(2);
  });

  it('takes the link from a second instance argv (Windows, Linux) and from the first launch', () => {
    const links = install(['/opt/lockstep/lockstep', '--no-sandbox', 'lockstep://trace/0a0b']);
    links.attach();
    app.emit('second-instance', {}, ['/opt/lockstep/lockstep', 'lockstep://trace/0c?span=0d']);
    app.emit('second-instance', {}, ['/opt/lockstep/lockstep']);
    expect(shown).toEqual(['#/trace/0a0b', '#/trace/0c?span=0d']);
  });

  it('ignores anything but a trace link, with a log line, and never routes to it', () => {
    install().attach();
    for (const raw of ['lockstep://app/index.html', 'lockstep://trace/abc?span=1&next=https://evil.example', 'lockstep://trace/zz']) {
      app.emit('open-url', { preventDefault: () => undefined }, raw);
    }
    app.emit('second-instance', {}, ['/opt/lockstep/lockstep', 'lockstep://trace/../app/index.html']);
    expect(shown).toEqual([]);
    expect(logged).toHaveLength(4);
    expect(logged[0]).toBe('Ignored a lockstep:// link that is not lockstep://trace/<hex id>?span=<hex id>: "lockstep://app/index.html"');
  });
});
