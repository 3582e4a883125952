import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TimelineEvent } from '../../../shared/model/incident';

/**
 * The zone switch, end to end in the renderer: the `z` key switches it, the choice is kept
 * like the theme (localStorage), and a rendered time follows it. The store is read once per
 * load (server rendering reads its first state), so each step loads the modules afresh, as
 * a reload of the page would.
 */
const kept = new Map<string, string>();
const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) };
const savedTz = process.env.TZ;

beforeAll(() => {
  // A zone with no DST and a half-hour offset, so local and UTC can never read alike.
  process.env.TZ = 'Asia/Kolkata';
  vi.stubGlobal('localStorage', storage);
});
afterAll(() => {
  vi.unstubAllGlobals();
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const event: TimelineEvent = { id: 'note:n1', incidentId: 'inc-1', at: Date.UTC(2024, 5, 3, 2, 10, 7), kind: 'note', actor: 'ana', text: 'rolled back', data: { noteId: 'n1' } };

async function load() {
  vi.resetModules();
  const { TimelineList } = await import('../incidents/Timeline');
  const { useStore } = await import('../store/store');
  const { runShortcut } = await import('../keyboard/shortcuts');
  const html = renderToStaticMarkup(<TimelineList events={[event]} />);
  const time = /<time class="timeline__time">([^<]+)<\/time>/.exec(html)?.[1];
  return { time, useStore, runShortcut };
}

describe('switching the time zone', () => {
  it('shows the timeline time in local time, then in UTC after z, and keeps the choice', async () => {
    const first = await load();
    expect(first.time).toBe('2024-06-03 07:40:07 UTC+5:30');
    expect(first.runShortcut('z', first.useStore.getState(), null)).toBe(true);
    expect(first.useStore.getState().effectiveTimeZone()).toBe('utc');
    expect(kept.get('lockstep.timeZone')).toBe('utc');

    const second = await load();
    expect(second.time).toBe('2024-06-03 02:10:07 UTC');
    second.useStore.getState().setTimeZone('local');

    expect((await load()).time).toBe('2024-06-03 07:40:07 UTC+5:30');
  });
});
