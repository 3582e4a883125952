/**
 * `npm test`: everything CI checks, in order, with one closing line
 * `N passed, N failed, N skipped` summed over static checks, unit/integration tests
 * (vitest) and end-to-end tests (Playwright in Debian's Chromium).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { commandStartedAt } from './lib/command-start';
import { viteBuild } from './lib/renderer-build';

const root = process.cwd();
const reports = join(root, 'test-results');
mkdirSync(reports, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function timed(label: string, step: () => boolean): boolean {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const ok = step();
  console.log(`${ok ? '✔' : '✘'} ${label} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return ok;
}

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  return timed(label, () => spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status === 0);
}

function check(label: string, command: string, args: string[]): void {
  if (run(label, command, args)) totals.passed++;
  else {
    totals.failed++;
    failures.push(label);
  }
}

const VitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number().default(0),
  testResults: z
    .array(
      z.object({
        name: z.string(),
        assertionResults: z.array(z.object({ fullName: z.string(), status: z.string(), failureMessages: z.array(z.string()).nullish() })).default([]),
      }),
    )
    .default([]),
});

const PlaywrightReport = z.object({
  stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number(), skipped: z.number() }),
  errors: z.array(z.unknown()).default([]),
});

/** The first line of a failure, so the closing lines (often all a CI log keeps) say which test failed and why. */
function firstLine(message: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- strips terminal colour codes from reporter text
  const plain = (message ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  return plain.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 240) ?? '';
}

const failedTests: string[] = [];

function readReport<S extends z.ZodType>(file: string, schema: S): z.output<S> | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

const bin = (name: string) => join(root, 'node_modules/.bin', name);

check('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
check('typecheck shared/ alone (no Node, no DOM)', bin('tsc'), ['-p', 'shared/tsconfig.json', '--noEmit']);
check('lint (including layer rules)', bin('eslint'), ['.', '--max-warnings', '50']);

const vitestJson = join(reports, 'vitest.json');
const vitestOk = run('unit and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const vitest = readReport(vitestJson, VitestReport);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
  if (vitest.numFailedTests) failures.push(`${vitest.numFailedTests} vitest test(s)`);
  for (const file of vitest.testResults)
    for (const test of file.assertionResults)
      if (test.status === 'failed') failedTests.push(`vitest ${file.name.replace(root + '/', '')} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
}
if (!vitestOk && !vitest?.numFailedTests) {
  totals.failed++;
  failures.push('vitest run (exited with an error outside any test)');
}

// The renderer serves the browser tests (the report page their HTML report export); main and preload serve the Electron tests where a binary exists.
const buildOk = ['vite.renderer.config.ts', 'vite.report.config.ts', 'vite.main.config.ts', 'vite.preload.config.ts'].every((config) =>
  timed(`build (${config})`, () => viteBuild(root, config)),
);
if (buildOk) totals.passed++;
else {
  totals.failed++;
  failures.push('build');
}

const playwrightJson = join(reports, 'playwright.json');
const playwrightArgs = ['test', '--reporter=list,json'];
const hasXvfb = existsSync('/usr/bin/xvfb-run') && !process.env.DISPLAY;
const e2eOk = buildOk
  ? hasXvfb
    ? run('end-to-end tests (Playwright)', '/usr/bin/xvfb-run', ['-a', bin('playwright'), ...playwrightArgs], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson })
    : run('end-to-end tests (Playwright)', bin('playwright'), playwrightArgs, { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson })
  : false;
const e2e = buildOk ? readReport(playwrightJson, PlaywrightReport) : undefined;
if (e2e) {
  totals.passed += e2e.stats.expected + e2e.stats.flaky;
  totals.failed += e2e.stats.unexpected;
  totals.skipped += e2e.stats.skipped;
  if (e2e.stats.unexpected) failures.push(`${e2e.stats.unexpected} end-to-end test(s)`);
}
if (!e2eOk && !e2e?.stats.unexpected) {
  totals.failed++;
  failures.push('end-to-end run (exited with an error outside any test)');
}

console.log(`\nnpm test took ${((Date.now() - commandStartedAt()) / 1000).toFixed(0)} s from the command's start.`);
if (failedTests.length) console.log(`\nFailing tests:\n${failedTests.map((line) => `  ✘ ${line}`).join('\n')}`);
if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed ? 1 : 0);
