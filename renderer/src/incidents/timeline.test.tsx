import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../shared/model/incident';
import { TimelineList } from './Timeline';

const note = (text: string, actor: string): TimelineEvent => ({ id: 'note:note-1', incidentId: 'inc-1', at: Date.UTC(2024, 5, 3, 2, 10), kind: 'note', actor, text, data: { noteId: 'note-1' } });

describe('a note on the timeline', () => {
  it('shows author and text as text: markup stays visible characters, bidi controls are shown, not applied', () => {
    const text = '<img src=x onerror=alert(1)><script>alert(2)</script> rolled back pay\u202Etxt.exe';
    const html = renderToStaticMarkup(<TimelineList events={[note(text, 'mallory\u2066')]} />);
    expect(html).toContain('data-kind="note"');
    expect(html).toContain('>Note<');
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt; rolled back pay');
    expect(html).not.toMatch(/[\u202E\u2066]/);
    expect(html).toContain('⟨U+202E⟩');
    expect(html).toContain('mallory<span class="bidi-mark"');
    expect(html).toContain('⟨U+2066⟩');
  });

  it('renders 10 kB of hostile text whole, as text, in an element that wraps it', () => {
    const chunk = '<b onclick="x()">\u202E&amp;</b>\n';
    const text = chunk.repeat(Math.ceil(10_240 / chunk.length));
    expect(text.length).toBeGreaterThanOrEqual(10_240);
    const html = renderToStaticMarkup(<TimelineList events={[note(text, 'ana')]} />);
    expect(html).not.toMatch(/<b[ >]/);
    expect(html).not.toContain('\u202E');
    expect(html.split('&lt;b onclick=&quot;x()&quot;&gt;').length - 1).toBe(text.split('<b onclick').length - 1);
    expect(html).toContain('class="timeline__text timeline__text--note" data-testid="timeline-note"');
    expect(html).toContain('<span class="timeline__actor"> — ana</span>');
  });
});
