import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SafeText } from './SafeText';

describe('SafeText', () => {
  it('renders a bidi-spoofed name with the control shown as a marked token, never the control itself', () => {
    const html = renderToStaticMarkup(<SafeText text={'pay\u202Etxt.exe'} />);
    expect(html).not.toContain('\u202E');
    expect(html).toMatch(/^<bdi class="safe-text"[^>]*>pay<span class="bidi-mark" dir="ltr" title="U\+202E RIGHT-TO-LEFT OVERRIDE[^"]*"[^>]*>⟨U\+202E⟩<\/span>txt\.exe<\/bdi>$/);
  });

  it('renders ordinary text as plain text, with no wrapper', () => {
    expect(renderToStaticMarkup(<SafeText text="lock-service" />)).toBe('lock-service');
    expect(renderToStaticMarkup(<SafeText text={undefined} />)).toBe('');
  });
});
