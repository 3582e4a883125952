import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRules, recordingRules } from '../demo';
import { compileRules, DEFAULT_POLICY, TEST_POLICY } from '../shared/escalation';
import { noteAlert } from '../shared/incident/notes';
import { skipUnlessInstalled } from './process/binaries';
import { alertmanagerConfigYaml } from './alertmanager-config';
import { writeEscalationFiles } from './escalation-files';
import { FAST_TIMING, NORMAL_TIMING, prometheusConfigYaml, rulesYaml } from './prometheus-config';

const run = promisify(execFile);
/** A note as a console posts it (shared/incident/notes.ts), for `amtool config routes test`. */
const noteLabels = Object.entries(
  noteAlert({ incidentId: 'inc-20240603T0200-lock-service-0123456789ab', author: 'ana', text: 'rolling back', idempotencyKey: 'note-key-0001' }, 0).labels,
).map(([name, value]) => `${name}=${value}`);

describe.skipIf(skipUnlessInstalled(['promtool', 'amtool'], 'stack config checks'))('generated stack configs pass the real checkers', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockstep-stack-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [label, timing] of [['normal', NORMAL_TIMING], ['fast', FAST_TIMING]] as const) {
    it(`promtool accepts prometheus.yml and the rules (${label})`, async () => {
      writeFileSync(join(dir, `rules-${label}.yml`), rulesYaml(timing));
      writeFileSync(
        join(dir, `prometheus-${label}.yml`),
        prometheusConfigYaml({ demoTarget: '127.0.0.1:9100', alertmanagerTarget: '127.0.0.1:9093', rulesFile: `rules-${label}.yml`, timing }),
      );
      const config = await run('promtool', ['check', 'config', join(dir, `prometheus-${label}.yml`)]);
      expect(config.stdout).toMatch(/SUCCESS/);
      const rules = await run('promtool', ['check', 'rules', join(dir, `rules-${label}.yml`)]);
      const escalation = compileRules(label === 'fast' ? TEST_POLICY : DEFAULT_POLICY).rules.length;
      expect(escalation).toBe(3);
      expect(rules.stdout).toContain(`${recordingRules.length + alertRules.length + escalation} rules found`);
    });
  }

  it('promtool refuses a broken rule file, so the check above means something', async () => {
    writeFileSync(join(dir, 'broken.yml'), rulesYaml(NORMAL_TIMING).replace('sum by (city) (lock_online)', 'sum by (city (lock_online)'));
    await expect(run('promtool', ['check', 'rules', join(dir, 'broken.yml')])).rejects.toThrow(/parse error|unexpected/);
  });

  it('the alert rules fire on the series they are meant for (promtool test rules)', async () => {
    const test = {
      rule_files: ['rules-normal.yml'],
      evaluation_interval: '5s',
      tests: [
        {
          interval: '5s',
          input_series: [
            { series: 'http_server_requests_total{service="lock-service",route="/unlock",code="200"}', values: '0+80x40' },
            { series: 'http_server_requests_total{service="lock-service",route="/unlock",code="503"}', values: '0+20x40' },
            { series: 'http_server_requests_total{service="ride-service",route="/ride",code="200"}', values: '0+100x40' },
          ],
          alert_rule_test: [
            {
              eval_time: '3m',
              alertname: 'ServiceErrorRateHigh',
              exp_alerts: [
                {
                  exp_labels: { severity: 'critical', domain: 'software', service: 'lock-service' },
                  exp_annotations: {
                    summary: 'lock-service is failing 20% of requests',
                    description: alertRules.find((r) => r.alert === 'ServiceErrorRateHigh')!.annotations.description.replace('{{ $labels.service }}', 'lock-service'),
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'rules-normal.yml'), rulesYaml(NORMAL_TIMING));
    writeFileSync(join(dir, 'rules-test.yml'), JSON.stringify(test));
    const result = await run('promtool', ['test', 'rules', join(dir, 'rules-test.yml')], { cwd: dir });
    expect(result.stdout).toMatch(/SUCCESS/);
  });

  for (const [label, policy, fast] of [['normal', DEFAULT_POLICY, false], ['fast', TEST_POLICY, true]] as const) {
    it(`amtool accepts alertmanager.yml and routes by severity and escalation level (${label})`, async () => {
      const file = join(dir, `alertmanager-${label}.yml`);
      writeFileSync(file, alertmanagerConfigYaml({ webhookBase: 'http://127.0.0.1:9999', fast, policy }));
      const check = await run('amtool', ['check-config', file]);
      expect(check.stdout).toMatch(/SUCCESS/);
      const route = async (...labels: string[]) =>
        (await run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels])).stdout.trim();
      // The source alert pages A only: the B/C routes match escalation alerts alone, so they never take A's page.
      expect(await route('severity=critical', 'alertname=ServiceErrorRateHigh', 'service=lock-service')).toBe('escalation-a');
      const escalation = (level: string) => [
        'alertname=LockstepEscalation', `escalation=${level}`, 'severity=critical', 'escalated_alert=ServiceErrorRateHigh', 'service=lock-service',
      ];
      expect(await route(...escalation('b'))).toBe('escalation-b');
      expect(await route(...escalation('c'))).toBe('escalation-c');
      expect(await route('alertname=Watchdog', 'severity=none')).toBe('null');
      // A note pages nobody: it goes to the receiver with no integrations, whatever else it carries.
      expect(await route(...noteLabels)).toBe('null');
      expect(await route(...noteLabels, 'severity=critical', 'service=lock-service')).toBe('null');
      expect(await route('severity=warning', 'alertname=UnlockSuccessLow')).toBe('team-channel');
      expect(await route('severity=info')).toBe('team-channel');
      // The comment atop the file states how close the routing gets to the rate limit.
      const comment = readFileSync(file, 'utf8').split('\n').filter((line) => line.startsWith('# ')).map((line) => line.slice(2)).join(' ');
      expect(comment).toMatch(/^Escalation policy "fleet"[\s\S]*at most 20 times in any hour/);
    });
  }

  it('the files `npm run escalation -- write DIR` makes for a team’s own servers pass promtool and amtool', async () => {
    const [rules, routes] = writeEscalationFiles(join(dir, 'team'), DEFAULT_POLICY, { webhookBase: 'https://pager.example/hooks' });
    expect((await run('promtool', ['check', 'rules', rules!])).stdout).toContain('SUCCESS: 3 rules found');
    expect((await run('amtool', ['check-config', routes!])).stdout).toMatch(/SUCCESS/);
    const route = async (...labels: string[]) => (await run('amtool', ['config', 'routes', 'test', `--config.file=${routes!}`, ...labels])).stdout.trim();
    expect(await route('severity=critical', 'alertname=PaymentFailuresHigh')).toBe('escalation-a');
    expect(await route('alertname=LockstepEscalation', 'escalation=c', 'severity=critical')).toBe('escalation-c');
    expect(await route(...noteLabels)).toBe('null');
    expect(await route(...noteLabels, 'severity=critical')).toBe('null');
    expect(readFileSync(routes!, 'utf8')).toContain('url: "https://pager.example/hooks/escalation-b"');
  });

  it('the escalation rules page B and C after their waits with the source alert’s labels (promtool test rules)', async () => {
    writeFileSync(join(dir, 'rules-fast.yml'), rulesYaml(FAST_TIMING));
    const errorsFrom = '0+20x120';
    const test = {
      rule_files: ['rules-fast.yml'],
      evaluation_interval: '1s',
      tests: [
        {
          interval: '1s',
          input_series: [
            { series: 'http_server_requests_total{service="lock-service",route="/unlock",code="200"}', values: '0+80x120' },
            { series: 'http_server_requests_total{service="lock-service",route="/unlock",code="503"}', values: errorsFrom },
          ],
          alert_rule_test: [
            // The source alert fires after its `for` (3 s in fast mode); B needs 8 s more, C 16 s.
            { eval_time: '10s', alertname: 'LockstepEscalation', exp_alerts: [] },
            {
              eval_time: '30s',
              alertname: 'LockstepEscalation',
              exp_alerts: ['b', 'c'].map((level) => ({
                exp_labels: { alertname: 'LockstepEscalation', escalation: level, escalated_alert: 'ServiceErrorRateHigh', severity: 'critical', domain: 'software', service: 'lock-service' },
                exp_annotations: {
                  summary: `Escalated to level ${level.toUpperCase()}: nobody acknowledged ServiceErrorRateHigh — lock-service is failing`,
                  description: 'A service is erroring: if a release just went out, switch its traffic back to the previous colour.',
                },
              })),
            },
            { eval_time: '30s', alertname: 'Watchdog', exp_alerts: [{ exp_labels: { severity: 'none' }, exp_annotations: compileRules(TEST_POLICY).rules.at(-1)!.annotations }] },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'escalation-test.yml'), JSON.stringify(test));
    const result = await run('promtool', ['test', 'rules', join(dir, 'escalation-test.yml')], { cwd: dir });
    expect(result.stdout).toMatch(/SUCCESS/);
  });
});
