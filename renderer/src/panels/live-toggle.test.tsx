import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../shared/model/logs';
import type { TailView } from '../store/log-tail-slice';
import { LiveToggle, liveStatus } from './LiveToggle';
import { lineKey, mergeNewest, rowKeys } from './log-lines-merge';
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
  const view = (change: Partial<TailView>): TailView => ({ on: true, state: 'live', paused: false, pending: [], dropped: 0, skipped: 0, limit: 200, ...change });

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
    const line: LogLine = { time: 1, level: 'info', message: 'x', labels: {} };
    const paused = renderToStaticMarkup(<TailNotices view={view({ paused: true, pending: [line, { ...line, time: 2 }] })} sourceName="Loki" onResume={noop} />);
    expect(paused).toContain('Paused while you read: 2 new lines.');
    expect(paused).toContain('<button type="button" class="link-button" data-testid="logs-tail-resume">Back to the newest</button>');
    expect(renderToStaticMarkup(<TailNotices view={view({})} sourceName="Loki" onResume={noop} />)).toBe('');
  });
});

describe('merging tail lines into the list', () => {
  const l = (nanos: string, message: string): LogLine => ({ time: Number(BigInt(nanos) / 1_000_000n), nanos, level: 'info', message, labels: {} });

  it('puts new lines on top, newest first, leaves out lines already shown, and keeps the limit', () => {
    const shown = [l('3000000', 'c'), l('2000000', 'b'), l('1000000', 'a')];
    const merged = mergeNewest(shown, [l('3000000', 'c'), l('4000000', 'd'), l('5000000', 'e')], 4);
    expect(merged.map((x) => x.message)).toEqual(['e', 'd', 'c', 'b']);
    expect(mergeNewest(shown, [], 2).map((x) => x.message)).toEqual(['c', 'b']);
  });

  it('keys rows by identity, unique even for identical lines', () => {
    const same = l('1000000', 'same');
    expect(lineKey({ ...same, id: 'doc-1' })).toBe('doc-1');
    expect(rowKeys([same, same, l('2000000', 'other')])).toEqual(['1000000||same', '1000000||same#1', '2000000||other']);
  });
});
