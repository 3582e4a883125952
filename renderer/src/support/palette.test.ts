import { describe, expect, it } from 'vitest';
import { colorForIndex, colorForName, seriesColor, serviceColor } from './palette';

describe('palette', () => {
  it('gives a service the same colour every time and in every view, whatever the order it comes in', () => {
    const first = ['payment-service', 'ride-service', 'lock-service'].map(serviceColor);
    const again = ['lock-service', 'payment-service', 'ride-service'].map(serviceColor);
    expect(again).toEqual([first[2], first[0], first[1]]);
    // A chart series of that service takes the service's colour, whatever its position in the chart.
    expect(seriesColor({ service: 'payment-service', route: '/pay' }, 7)).toBe(first[0]);
  });

  it('pins the colour of a name (a new release must not repaint every dashboard)', () => {
    expect(colorForName('payment-service')).toBe('hsl(240 70% 62%)');
    expect(colorForName('ride-service')).toBe('hsl(150 70% 52%)');
  });

  it('gives the demo fleet\'s services six different colours', () => {
    const services = ['lock-service', 'ride-service', 'payment-service', 'fare-service', 'pricing-service', 'app-gateway', 'iot-gateway', 'wallet-db'];
    expect(new Set(services.map(colorForName)).size).toBe(services.length);
  });

  it('falls back to the position for series without an identity label', () => {
    expect(seriesColor({}, 3)).toBe(colorForIndex(3));
    expect(seriesColor({ instance: 'x' }, 0)).toBe(colorForIndex(0));
    expect(colorForIndex(-1)).toBe(colorForIndex(15));
  });
});
