import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NORMAL_TIMING, rulesYaml } from '../prometheus-config';

/**
 * The stack's rules as a file in the repository, so a team can load them into its own
 * Prometheus (`rule_files`) or VictoriaMetrics (`vmalert -rule=…`) and so
 * `promtool test rules stack/rules/lockstep.rules.test.yml` runs without building anything.
 * It is generated from the code; rules-file.test.ts fails when the two drift apart.
 */
export const SHIPPED_RULES_FILE = fileURLToPath(new URL('./lockstep.rules.yml', import.meta.url));
export const SHIPPED_RULES_TEST_FILE = fileURLToPath(new URL('./lockstep.rules.test.yml', import.meta.url));

const HEADER = [
  '# Lockstep recording and alerting rules for the demo fleet\'s metrics (normal timing), with the',
  '# demo escalation policy and the Watchdog. Generated from shared/rules/lockstep-rules.ts and',
  '# shared/escalation by `npm run rules`; do not edit by hand. Tests: lockstep.rules.test.yml.',
  '',
].join('\n');

export function shippedRulesText(): string {
  return HEADER + rulesYaml(NORMAL_TIMING);
}

/** Writes the file; answers whether it changed. */
export function writeShippedRules(): boolean {
  const text = shippedRulesText();
  let before = '';
  try {
    before = readFileSync(SHIPPED_RULES_FILE, 'utf8');
  } catch {
    // not there yet: written below
  }
  if (before === text) return false;
  writeFileSync(SHIPPED_RULES_FILE, text);
  return true;
}
