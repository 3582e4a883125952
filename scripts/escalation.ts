/**
 * `npm run escalation -- write DIR [--policy policy.json] [--webhook-base URL]` compiles an
 * escalation policy into a Prometheus rule file and Alertmanager routes for a team's own
 * servers and writes them to DIR — for the operator to review and apply; nothing is pushed.
 * Without --policy it writes the demo fleet's policy. `show` prints the policy's levels and
 * who is on call now and next in each schedule.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_POLICY, describeTarget, EscalationPolicySchema, levelTitle, onCallNowAndNext, type EscalationPolicy } from '../shared/escalation';
import { writeEscalationFiles } from '../stack/escalation-files';
import { describeError } from '../services/util/errors';

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function loadPolicy(path: string | undefined): EscalationPolicy {
  if (!path) return DEFAULT_POLICY;
  const parsed = EscalationPolicySchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a valid escalation policy:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return parsed.data;
}

function main(argv: string[]): number {
  const [command, dir] = argv;
  const policy = loadPolicy(option(argv, '--policy'));
  if (command === 'write' && dir && !dir.startsWith('--')) {
    const webhookBase = option(argv, '--webhook-base');
    for (const file of writeEscalationFiles(resolve(dir), policy, webhookBase ? { webhookBase } : {})) console.log(`wrote ${file}`);
    console.log('Check them with `promtool check rules` and `amtool check-config`, then apply them to your servers yourself.');
    return 0;
  }
  if (command === 'show') {
    const now = Date.now();
    policy.levels.forEach((level, i) => console.log(`${levelTitle(level.name)}: ${describeTarget(level.target)}${i < policy.levels.length - 1 ? `, then after ${level.waitSeconds}s` : ''}`));
    for (const schedule of policy.schedules) {
      const { now: current, next } = onCallNowAndNext(schedule, now);
      const when = (ms: number) => new Date(ms).toLocaleString('en-GB', { timeZone: schedule.timeZone });
      console.log(`${schedule.id} (${schedule.timeZone}): on call now ${current ? `${current.person} until ${when(current.until)}` : 'nobody'}; next ${next ? `${next.person} from ${when(next.since)}` : 'nobody'}`);
    }
    return 0;
  }
  console.error('Usage: npm run escalation -- write DIR [--policy policy.json] [--webhook-base URL]\n       npm run escalation -- show [--policy policy.json]');
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(describeError(error));
  process.exitCode = 1;
}
