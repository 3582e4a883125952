import { type EventOf, WATCHDOG_ALERTNAME } from '../../shared';
import { LockstepConfigSchema } from '../../services/config/sources';
import { startAlertmanager } from '../../stack/servers/real-servers';
import { launchChromium, sleep, spread, startBenchWebHost } from './browser';
import type { BenchFigure } from './trace';

const ALERTS = 20;
/** Apart enough that each alert is its own notification even with a burst window of about a second. */
const SPACING_MS = 2_000;
const WAIT_FOR_EACH_MS = 20_000;
/** The storm half: "50 alerts in a second = one notification that says so", tried at several phases of the poll cycle. */
const BURSTS = 4;
const BURST_ALERTS = 50;
const BURST_SPAN_MS = 1_000;
/** After a burst's last POST: long enough for any second notification of it to show up, so a split is counted, not missed. */
const BURST_SETTLE_MS = 5_000;

const AM_CONFIG = ['route:', '  receiver: blackhole', 'receivers:', '  - name: blackhole', ''].join('\n');

/** In the page, before the app runs: when each `notification` event arrives on the WebSocket, and when each toast is on screen. */
const PAGE_PROBE = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      // Added before the app sets onmessage, so it runs first: the arrival, before any parsing.
      this.addEventListener('message', (event) => {
        const at = now();
        if (typeof event.data === 'string' && event.data.includes('"notification"')) window.__benchNote('frame', at, event.data);
      });
    }
  };
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) {
      if (!(node instanceof Element)) continue;
      const toasts = node.matches('[data-testid="toast"]') ? [node] : [...node.querySelectorAll('[data-testid="toast"]')];
      for (const toast of toasts) {
        const inserted = now();
        // The frame that paints it: rAF runs just before that frame's style, layout and paint.
        requestAnimationFrame(() => window.__benchNote('toast', now(), toast.textContent || '', inserted));
      }
    }
  }).observe(document, { childList: true, subtree: true });
})();`;

interface Note {
  kind: 'frame' | 'toast';
  at: number;
  text: string;
}

/** The `notification` event a WebSocket frame carries, if it is one. */
function notificationIn(text: string): EventOf<'notification'> | undefined {
  try {
    const message = JSON.parse(text) as { type?: string; event?: string; payload?: EventOf<'notification'> };
    return message.type === 'event' && message.event === 'notification' ? message.payload : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Issue 6: an alert that starts firing in a real Alertmanager is on screen as a
 * notification within 2 s at p95, while a burst stays one notification. Each of 20
 * critical alerts (its own service, city and name, so its own incident) is posted to
 * Alertmanager as Prometheus would, with `startsAt` = now; the console is the web host
 * with that Alertmanager as its only source, at the configured default poll interval,
 * and the screen is a real page in Chromium. Measured from just before the POST to (a)
 * the `notification` event arriving on the page's WebSocket and (b) its toast in the
 * frame that paints it. Both clocks are this machine's wall clock (the same clock that
 * stamped `startsAt`, so no skew here). The notifier's collection window is anchored on
 * when an incident's alerts started (Alertmanager's startsAt), not on when a poll first
 * showed them (services/notifications/incident-notifier.ts): a lone alert is due about
 * one window after it started, however the poll cycle fell.
 *
 * Then the storm half: BURSTS times, 50 alerts (each its own incident) are posted one by
 * one over a second, so they straddle polls, each burst at another phase of the poll
 * cycle. Counted: the notifications that name the burst's incidents (target: exactly one,
 * naming all 50), and the time from the burst's first POST to it.
 */
export async function benchAlertToNotification(): Promise<BenchFigure[]> {
  const am = await startAlertmanager({ configYaml: AM_CONFIG });
  try {
    const post = async (labels: Record<string, string>, summary: string) => {
      const response = await fetch(`${am.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ labels, annotations: { summary }, startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 15 * 60_000).toISOString() }]),
      });
      if (!response.ok) throw new Error(`Alertmanager refused an alert: ${response.status} ${await response.text()}`);
    };
    // The always-firing alert, as Prometheus sends it: without it the console is rightly blind.
    await post({ alertname: WATCHDOG_ALERTNAME, severity: 'none' }, 'Alerting pipeline is alive');

    // The shipped default; LOCKSTEP_BENCH_ALERT_POLL_SECONDS tries another cadence (below the config's minimum too).
    const parsed = LockstepConfigSchema.parse({ mode: 'custom', sources: [{ kind: 'alertmanager', id: 'am', name: 'Alertmanager', url: am.url }] });
    const override = Number(process.env.LOCKSTEP_BENCH_ALERT_POLL_SECONDS);
    const config = override > 0 ? { ...parsed, alertPollSeconds: override } : parsed;
    const host = await startBenchWebHost(config);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const notes: Note[] = [];
      let wake: (() => void) | undefined;
      await page.exposeFunction('__benchNote', (kind: Note['kind'], at: number, text: string) => {
        notes.push({ kind, at, text });
        wake?.();
      });
      await page.addInitScript(PAGE_PROBE);
      await page.goto(host.tokenUrl);
      await page.locator('[data-testid="alerts-list"]').waitFor({ timeout: 30_000 });
      // The console has seen the Watchdog and nothing else: a quiet, trusted start.
      await sleep(config.alertPollSeconds * 1000 + 500);

      const toFrame: number[] = [];
      const toToast: number[] = [];
      const missed: string[] = [];
      for (let i = 0; i < ALERTS; i++) {
        const token = `bench${String(i).padStart(2, '0')}`;
        const from = notes.length;
        const postedAt = performance.timeOrigin + performance.now();
        await post({ alertname: `BenchFiring${token}`, severity: 'critical', service: `svc-${token}`, city: `city-${token}` }, `Bench alert ${token} is firing`);
        // Bounded: each alert waits at most WAIT_FOR_EACH_MS for its event and its toast.
        const deadline = Date.now() + WAIT_FOR_EACH_MS;
        const seen = () => notes.slice(from);
        while (Date.now() < deadline && !(seen().some((n) => n.kind === 'frame' && n.text.includes(token)) && seen().some((n) => n.kind === 'toast' && n.text.includes(token)))) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 200);
          });
        }
        const frame = seen().find((n) => n.kind === 'frame' && n.text.includes(token));
        const toast = seen().find((n) => n.kind === 'toast' && n.text.includes(token));
        if (frame) toFrame.push(frame.at - postedAt);
        if (toast) toToast.push(toast.at - postedAt);
        if (!frame || !toast) missed.push(`${token}: ${frame ? '' : 'no notification event'}${!frame && !toast ? ', ' : ''}${toast ? '' : 'no toast'}`);
        // How long the console takes to see an alert depends on where in the poll cycle it
        // is posted: the next alert goes out at a different phase (stratified over one
        // interval), else every alert would just miss a poll, or just catch one.
        const elapsed = performance.timeOrigin + performance.now() - postedAt;
        await sleep(Math.max(0, SPACING_MS - elapsed) + ((((i * 7) % ALERTS) + 0.5) / ALERTS) * config.alertPollSeconds * 1000);
      }
      const label = `Alertmanager → notification (poll every ${config.alertPollSeconds} s)`;
      const figures: BenchFigure[] = [
        ...(toFrame.length ? spread(`${label}: POST → event on the page's WebSocket`, toFrame, 2_000) : []),
        ...(toToast.length ? spread(`${label}: POST → toast painted`, toToast, 2_000) : []),
        ...(missed.length ? [{ label: `alerts with no notification within ${WAIT_FOR_EACH_MS / 1000} s (${missed.slice(0, 3).join('; ')})`, value: missed.length, unit: `of ${ALERTS}` }] : []),
      ];

      // The storm half.
      const perBurst: Array<{ notifications: number; incidents: number; firstAfterMs?: number }> = [];
      for (let b = 0; b < BURSTS; b++) {
        const from = notes.length;
        const tag = `svc-burst${b}-`;
        const startedAt = performance.timeOrigin + performance.now();
        for (let i = 0; i < BURST_ALERTS; i++) {
          await sleep(Math.max(0, startedAt + (i * BURST_SPAN_MS) / BURST_ALERTS - (performance.timeOrigin + performance.now())));
          const n = String(i).padStart(2, '0');
          await post({ alertname: `BenchBurst${b}n${n}`, severity: 'critical', service: `${tag}${n}`, city: `city-burst${b}-${n}` }, `Bench burst ${b} alert ${n} is firing`);
        }
        await sleep(BURST_SETTLE_MS);
        const mine = notes
          .slice(from)
          .filter((n) => n.kind === 'frame')
          .map((n) => ({ at: n.at, payload: notificationIn(n.text) }))
          .filter((n) => n.payload !== undefined && `${n.payload.title}\n${n.payload.body}`.includes(tag));
        perBurst.push({
          notifications: mine.length,
          incidents: mine.reduce((sum, n) => sum + (n.payload!.incidentIds?.length ?? 1), 0),
          ...(mine.length ? { firstAfterMs: mine[0]!.at - startedAt } : {}),
        });
        // The next burst starts at another phase of the poll cycle.
        await sleep((((b * 3) % BURSTS) + 0.5) / BURSTS * config.alertPollSeconds * 1000);
      }
      const one = perBurst.filter((p) => p.notifications === 1 && p.incidents === BURST_ALERTS).length;
      const firsts = perBurst.flatMap((p) => (p.firstAfterMs === undefined ? [] : [p.firstAfterMs]));
      const burst = `Burst: ${BURST_ALERTS} alerts posted over ${BURST_SPAN_MS / 1000} s`;
      figures.push({
        label: `${burst}: bursts shown as ONE notification naming all ${BURST_ALERTS}`,
        value: one,
        unit: `of ${BURSTS} (target: all; notifications per burst: ${perBurst.map((p) => p.notifications).join(', ')}; incidents named: ${perBurst.map((p) => p.incidents).join(', ')})`,
      });
      if (firsts.length) {
        // The storm's first alert is a new alert too: the same 2 s target.
        const worst = Math.max(...firsts);
        const verdict = worst < 2_000 ? 'met' : `missed by ${Math.round(worst - 2_000)} ms`;
        figures.push({ label: `${burst}: first POST → its first notification event, max`, value: Math.round(worst), unit: `ms (target < 2000 ms: ${verdict}; each: ${firsts.map((f) => Math.round(f)).join(', ')})` });
      }
      return figures;
    } finally {
      await browser.close();
      await host.close();
    }
  } finally {
    await am.stop();
  }
}
