import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AlertRouting } from './AlertRouting';

describe('an alert’s routing in the alert list', () => {
  it('names the receivers it is routed to', () => {
    expect(renderToStaticMarkup(<AlertRouting receivers={['fleet-primary', 'team-lead']} sourceNames={undefined} />)).toBe(
      '<div class="alert__labels" data-testid="alert-routing" title="Alertmanager receivers this alert is routed to">→ fleet-primary, team-lead</div>',
    );
  });

  it('names the Alertmanagers that each have it, when more than one does', () => {
    expect(renderToStaticMarkup(<AlertRouting receivers={['blackhole']} sourceNames={['EU Alertmanager', 'US Alertmanager', 'Lab']} />)).toContain(
      '→ blackhole · in EU Alertmanager, US Alertmanager and Lab</div>',
    );
    expect(renderToStaticMarkup(<AlertRouting receivers={[]} sourceNames={['EU Alertmanager', 'US Alertmanager']} />)).toBe(
      '<div class="alert__labels" data-testid="alert-routing">in EU Alertmanager and US Alertmanager</div>',
    );
  });

  it('draws nothing for an alert with no receivers from one source', () => {
    expect(renderToStaticMarkup(<AlertRouting receivers={undefined} sourceNames={['EU Alertmanager']} />)).toBe('');
  });

  it('shows a hostile receiver name as text', () => {
    const html = renderToStaticMarkup(<AlertRouting receivers={['<img src=x onerror=alert(1)>pay\u202Etxt']} sourceNames={undefined} />);
    expect(html).not.toMatch(/<img/);
    expect(html).not.toContain('\u202E');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;pay');
  });
});
