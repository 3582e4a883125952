import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRules, recordingRules } from '../demo';
import { skipUnlessInstalled } from './process/binaries';
import { alertmanagerConfigYaml } from './alertmanager-config';
import { FAST_TIMING, NORMAL_TIMING, prometheusConfigYaml, rulesYaml } from './prometheus-config';

const run = promisify(execFile);

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
      expect(rules.stdout).toContain(`${recordingRules.length + alertRules.length} rules found`);
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

  it('amtool accepts alertmanager.yml and routes by severity and escalation level', async () => {
    const file = join(dir, 'alertmanager.yml');
    writeFileSync(file, alertmanagerConfigYaml({ webhookBase: 'http://127.0.0.1:9999', fast: true }));
    const check = await run('amtool', ['check-config', file]);
    expect(check.stdout).toMatch(/SUCCESS/);
    const route = async (...labels: string[]) =>
      (await run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels])).stdout.trim();
    expect(await route('severity=critical', 'alertname=ServiceErrorRateHigh')).toBe('escalation-a');
    expect(await route('severity=critical', 'escalation=b')).toBe('escalation-b');
    expect(await route('severity=critical', 'escalation=c')).toBe('escalation-c');
    expect(await route('severity=warning', 'escalation=b')).toBe('team-channel');
    expect(await route('severity=info')).toBe('team-channel');
  });
});
