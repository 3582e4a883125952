import { describe, expect, it } from 'vitest';
import { compareSeverity, type Severity, severityRank } from './alerts';

describe('severity', () => {
  it('ranks critical above warning above info, and sorts worst first', () => {
    expect(severityRank('critical')).toBeGreaterThan(severityRank('warning'));
    expect(severityRank('warning')).toBeGreaterThan(severityRank('info'));
    const severities: Severity[] = ['info', 'critical', 'warning', 'critical'];
    expect([...severities].sort(compareSeverity)).toEqual(['critical', 'critical', 'warning', 'info']);
  });
});
