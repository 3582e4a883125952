import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../shared/model/logs';
import type { TailView } from '../store/log-tail-slice';
import { LiveToggle, liveStatus } from './LiveToggle';
import { lineKey } from './log-lines-merge';
import { TailNotices } from './TailNotices';

const noop = () => undefined;
const toggle = (props: Partial<Parameters<typeof LiveToggle>[0]>) =>
  renderToStaticMarkup(<LiveToggle on={false} onToggle={noop} state="stopped" linkDown={false} paused={false} pending={0} {...props} />);

describe('the Live toggle', () => {
  it('is a real button (Tab, Space, Enter reach it), not pressed and silent while off', () => {
    const html = toggle({});
    expect(html).toMatch(/^<span class="live-toggle"><button type="button" class="btn btn--small live-toggle__button" aria-pressed="false"/);
    expect(html).toContain('>Live</button>');
    expect(html).not.toContain('role="status"');
  });

  it('pressed while following, with a live indicator that says what is true', () => {
    const html = toggle({ on: true, state: 'live' });
    expect(html).toContain('aria-pressed="true"');
    expect(html).toContain('class="live-dot live-dot--live"');
    expect(html).toContain('<span class="badge badge--live" role="status" data-testid="logs-live-status">live</span>');
  });

  it('says reconnecting… when the source reconnects or this console’s own link is down, and paused with the count while reading', () => {
    expect(liveStatus({ state: 'reconnecting', linkDown: false, paused: false, pending: 0 })).toEqual({ text: 'reconnecting…', tone: 'paused' });
    expect(liveStatus({ state: 'live', linkDown: true, paused: false, pending: 0 })).toEqual({ text: 'reconnecting…', tone: 'paused' });
    expect(liveStatus({ state: 'live', linkDown: false, paused: true, pending: 1234 })).toEqual({ text: 'paused · 1,234 new', tone: 'paused' });
    expect(liveStatus({ state: 'connecting', linkDown: false, paused: false, pending: 0 })).toEqual({ text: 'connecting…', tone: 'muted' });
    expect(liveStatus({ state: 'failed', linkDown: false, paused: false, pending: 0 })).toEqual({ text: 'stopped', tone: 'stale' });
    expect(toggle({ on: true, state: 'live', linkDown: true })).toContain('>reconnecting…</span>');
  });
});

describe('the tail notices', () => {
  const view = (change: Partial<TailView>): TailView => ({ on: true, state: 'live', paused: false, pending: 0, dropped: 0, skipped: 0, limit: 200, ...change });

  it('say what the source dropped and what Lockstep skipped, in numbers', () => {
    const html = renderToStaticMarkup(<TailNotices view={view({ dropped: 12, skipped: 3000 })} sourceName="Loki" onResume={noop} />);
    expect(html).toContain('Loki dropped 12 lines: the tail could not keep up.');
    expect(html).toContain('Lockstep skipped 3,000 lines to keep this page responsive: more than 1,000 a second arrived.');
  });

  it('say why it reconnects, why it stopped (as an alert), and offer the way back to the newest lines while paused', () => {
    const reconnecting = renderToStaticMarkup(<TailNotices view={view({ state: 'reconnecting', message: 'the connection to Loki dropped; reconnecting in 2.0 s (attempt 2), resuming where it stopped.' })} sourceName="Loki" onResume={noop} />);
    expect(reconnecting).toContain('role="status" data-testid="logs-tail-message">the connection to Loki dropped; reconnecting in 2.0 s');
    const failed = renderToStaticMarkup(<TailNotices view={view({ on: false, state: 'failed', message: 'Loki rejected the tail query: parse error.' })} sourceName="Loki" onResume={noop} />);
    expect(failed).toContain('role="alert" data-testid="logs-tail-message">Live logs stopped: Loki rejected the tail query: parse error.');
    const paused = renderToStaticMarkup(<TailNotices view={view({ paused: true, pending: 2 })} sourceName="Loki" onResume={noop} />);
    expect(paused).toContain('Paused while you read — 2 new lines.');
    expect(paused).toContain('<button type="button" class="link-button" data-testid="logs-tail-resume">Back to the newest</button>');
    expect(renderToStaticMarkup(<TailNotices view={view({})} sourceName="Loki" onResume={noop} />)).toBe('');
    const evicted = renderToStaticMarkup(<TailNotices view={view({})} sourceName="Loki" onResume={noop} bufferDropped={2500} bufferSize={100_000} />);
    expect(evicted).toContain('data-testid="logs-tail-evicted">The oldest 2,500 lines left this panel: it keeps the newest 100,000.');
  });
});

describe('a line’s identity', () => {
  const l = (nanos: string, message: string): LogLine => ({ time: Number(BigInt(nanos) / 1_000_000n), nanos, level: 'info', message, labels: {} });

  it('is the backend’s id where it has one, else time, service and message (see log-ring.test.ts for repeats left out)', () => {
    const same = l('1000000', 'same');
    expect(lineKey({ ...same, id: 'doc-1' })).toBe('doc-1');
    expect(lineKey(same)).toBe('1000000||same');
    expect(lineKey({ ...same, service: 'api' })).toBe('1000000|api|same');
  });
});
