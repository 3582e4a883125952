import { describe, expect, it } from 'vitest';
import { VariableSchema } from '../model/dashboard';
import { ALL, interpolate, variablesUsed, variableText } from './variables';

const city = VariableSchema.parse({ name: 'city', type: 'query', query: { label: 'city' }, includeAll: true, multi: true });
const service = VariableSchema.parse({ name: 'service', type: 'custom', options: ['lock-service', 'ride.service'] });
const builtins = { stepSeconds: 15, rangeSeconds: 3600 };

describe('template variables', () => {
  it('substitutes one value as is, several or All as an escaped alternation', () => {
    expect(variableText(city, { selected: ['madrid'], options: ['madrid', 'paris'] })).toBe('madrid');
    expect(variableText(service, { selected: [ALL], options: ['lock-service', 'ride.service'] })).toBe('(lock-service|ride\\.service)');
    expect(variableText({ allValue: '.*' }, { selected: [ALL], options: ['a'] })).toBe('.*');
    expect(variableText(city, { selected: [], options: [] })).toBe('');
  });

  it('replaces $name, ${name} and [[name]] and the interval built-ins; leaves unknown names', () => {
    const states = { city: { selected: ['madrid', 'paris'], options: [] }, service: { selected: ['lock-service'], options: [] } };
    expect(interpolate('rate(x{city=~"$city",svc="${service}",o="[[service]]"}[$__rate_interval]) $other', [city, service], states, builtins)).toBe(
      'rate(x{city=~"(madrid|paris)",svc="lock-service",o="lock-service"}[60s]) $other',
    );
    expect(interpolate('sum_over_time(x[$__interval]) / $__range', [], {}, { stepSeconds: 90, rangeSeconds: 600 })).toBe('sum_over_time(x[90s]) / 600s');
    // $cityname is not $city.
    expect(interpolate('$cityname', [city], { city: { selected: ['x'], options: [] } }, builtins)).toBe('$cityname');
  });

  it('uses the dashboard’s saved choice when no state is given', () => {
    const saved = VariableSchema.parse({ name: 'city', type: 'custom', options: ['a', 'b'], current: ['b'] });
    expect(interpolate('x{city="$city"}', [saved], {}, builtins)).toBe('x{city="b"}');
    expect(variablesUsed('x{a="$city"} + $service', [city, service])).toEqual(['city', 'service']);
  });
});
