import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { alertRules, recordingRules } from '../../demo';
import { compileRules, DEFAULT_POLICY } from '../../shared/escalation';
import { BINARIES, skipUnlessInstalled } from '../process/binaries';
import { SHIPPED_RULES_FILE, SHIPPED_RULES_TEST_FILE, shippedRulesText } from './shipped-rules';

const run = promisify(execFile);
const testText = readFileSync(SHIPPED_RULES_TEST_FILE, 'utf8');

describe('the shipped rules file', () => {
  it('is what the code generates (run `npm run rules` after changing a rule)', () => {
    expect(readFileSync(SHIPPED_RULES_FILE, 'utf8')).toBe(shippedRulesText());
  });

  it('has a promtool test for every recording rule and every alerting rule', () => {
    const tested = new Set([...testText.matchAll(/^\s+- expr: (.+)$/gm)].flatMap((m) => m[1]!.match(/[a-z_]*:[a-z0-9_:]+/g) ?? []));
    const untestedRecords = recordingRules.map((r) => r.record).filter((name) => !tested.has(name));
    expect(untestedRecords).toEqual([]);
    const alertsTested = new Set([...testText.matchAll(/^\s+alertname: (\S+)$/gm)].map((m) => m[1]));
    const allAlerts = [...alertRules.map((r) => r.alert), ...compileRules(DEFAULT_POLICY).rules.map((r) => r.alert)];
    expect(allAlerts.filter((name) => !alertsTested.has(name))).toEqual([]);
  });
});

describe.skipIf(skipUnlessInstalled(['promtool'], 'promtool test rules on the shipped rules'))('promtool test rules on the shipped rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-rules-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function promtoolTest(folder: string): Promise<{ ok: boolean; output: string }> {
    try {
      const { stdout, stderr } = await run(BINARIES.promtool.path, ['test', 'rules', 'lockstep.rules.test.yml'], { cwd: folder });
      return { ok: true, output: stdout + stderr };
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      return { ok: false, output: stdout + stderr };
    }
  }

  it('passes: every rule records and fires as the test file says', async () => {
    const folder = join(dir, 'shipped');
    copyInto(folder, shippedRulesText());
    const result = await promtoolTest(folder);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('fails for the old error-ratio rule, which recorded nothing for a healthy service', async () => {
    const folder = join(dir, 'flawed');
    // The rule as it was before the `or 0 * whole` fix: a plain division of the two sums.
    const flawed = shippedRulesText().replace(' or 0 * sum by (service) (rate(http_server_requests_total[1m])))', ')');
    expect(flawed).not.toBe(shippedRulesText());
    copyInto(folder, flawed);
    const result = await promtoolTest(folder);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/service:http_server_errors:ratio_rate1m[\s\S]*ride-service/);
  });
});

function copyInto(folder: string, rulesText: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'lockstep.rules.yml'), rulesText);
  copyFileSync(SHIPPED_RULES_TEST_FILE, join(folder, 'lockstep.rules.test.yml'));
}
