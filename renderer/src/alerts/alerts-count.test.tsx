import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AlertsCount } from './AlertsCount';

describe('the alerts count', () => {
  it('counts an incident file’s resolved alerts as resolved, beside the firing count, so it matches the list', () => {
    const html = renderToStaticMarkup(<AlertsCount alerts={[{ state: 'firing' }, { state: 'resolved' }, { state: 'resolved' }]} />);
    expect(html).toBe('<span class="count" data-testid="alerts-count" title="1 firing, 2 resolved">1</span><span class="count count--resolved" data-testid="alerts-resolved-count">2 resolved</span>');
  });

  it('shows only the firing count when nothing is resolved', () => {
    expect(renderToStaticMarkup(<AlertsCount alerts={[{ state: 'firing' }]} />)).toBe('<span class="count" data-testid="alerts-count" title="1 firing">1</span>');
  });
});
