import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { layoutTrace } from '../../../shared/trace/layout';
import { normalizeZipkin } from '../../../shared/trace/zipkin';
import { SeriesLegend } from '../panels/SeriesLegend';
import { toChartLines } from '../panels/TimeseriesPanel';
import { Waterfall } from '../trace/Waterfall';
import { SERVICE_COLORS, serviceColor } from './palette';
import { ServiceSwatch } from './ServiceSwatch';

/** Every `background:`/`color:` value in the markup, in order. */
const colours = (html: string) => [...html.matchAll(/(?:background|color):\s*([^;"]+)/g)].map((m) => m[1]!.trim());

// A two-span Zipkin v2 trace written for this test: app-gateway calls payment-service.
const trace = normalizeZipkin([
  { traceId: 'a1b2c3d4e5f60708', id: '0000000000000001', name: 'post /v1/rides/end', timestamp: 1_700_000_000_000_000, duration: 50_000, kind: 'SERVER', localEndpoint: { serviceName: 'app-gateway' } },
  { traceId: 'a1b2c3d4e5f60708', id: '0000000000000002', parentId: '0000000000000001', name: 'post /payments/charge', timestamp: 1_700_000_000_010_000, duration: 30_000, kind: 'SERVER', localEndpoint: { serviceName: 'payment-service' } },
]);

describe('one colour per service across views', () => {
  it('paints payment-service the same in a chart line, a trace span bar, an incident chip and a deployments row', () => {
    const expected = SERVICE_COLORS['payment-service']!;

    // The chart: lines as TimeseriesPanel makes them, drawn by the legend; payment-service is third, after two others.
    const lines = toChartLines(
      ([{ service: 'ride-service' }, { service: 'lock-service' }, { service: 'payment-service', route: '/payments/charge' }] as Record<string, string>[]).map((labels) => ({ name: labels.service!, series: { labels }, values: [0.1] })),
    );
    const legend = renderToStaticMarkup(<SeriesLegend lines={lines} unit="percent" shown={lines.map(() => true)} tabStop={0} onIsolate={() => {}} onToggle={() => {}} onFocusEntry={() => {}} />);
    expect(lines[2]!.color).toBe(expected);
    expect(colours(legend)).toContain(expected);

    // The trace waterfall: the payment-service span's bar.
    const layout = layoutTrace(trace);
    const html = renderToStaticMarkup(<Waterfall layout={layout} selected={undefined} critical={undefined} />);
    const rows = html.split('data-testid="trace-row"').slice(1);
    expect(rows).toHaveLength(2);
    const paymentRow = rows.find((part) => part.includes('payment-service'))!;
    // The row's dot and its span bar, both the service's colour.
    expect(colours(paymentRow).filter((c) => c === expected)).toHaveLength(2);
    expect(colours(rows.find((part) => part.includes('app-gateway'))!)).toContain(SERVICE_COLORS['app-gateway']);

    // The incident list's and the deployments panel's chip.
    for (const testId of ['incident-service-swatch', 'deployment-service-swatch']) {
      expect(colours(renderToStaticMarkup(<ServiceSwatch service="payment-service" testId={testId} />))).toEqual([expected]);
    }
  });

  it('gives the demo services distinct fixed colours and any other service a stable hashed one', () => {
    const fixed = Object.values(SERVICE_COLORS);
    expect(new Set(fixed).size).toBe(fixed.length);
    expect(serviceColor('checkout-service')).toBe(serviceColor('checkout-service'));
    expect(serviceColor('checkout-service')).toMatch(/^hsl\(\d+ 70% (52|62)%\)$/);
    // A legend that is a known service's name (legendFormat "{{job}}") takes its colour too.
    expect(toChartLines([{ name: 'lock-service', series: { labels: { job: 'lock-service' } }, values: [] }])[0]!.color).toBe(SERVICE_COLORS['lock-service']);
  });
});
