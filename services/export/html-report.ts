import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { escapeHtml, HTML_REPORT_EXTENSION, incidentEmbedElement } from '../../shared/incident-file/html-embed';

/** The report page's built script and style sheet (vite.report.config.ts), as text. */
export interface ReportAssets {
  script: string;
  style: string;
}

/** Where `vite build --config vite.report.config.ts` writes the report page, from the project root. */
export const REPORT_BUILD_DIR = '.vite/renderer/report';

/**
 * Reads the report page's script and style sheet from its build. The build's index.html
 * names exactly one of each; anything else means the build is not the one this code knows.
 */
export async function loadReportAssets(buildDir: string): Promise<ReportAssets> {
  let index: string;
  try {
    index = await readFile(join(buildDir, 'index.html'), 'utf8');
  } catch {
    throw new Error(`the HTML report's page is not built (no ${join(buildDir, 'index.html')}); run: npx vite build --config vite.report.config.ts`);
  }
  const scripts = [...index.matchAll(/<script\b[^>]*\bsrc="\.\/(assets\/[\w.-]+\.js)"/g)].map((m) => m[1]!);
  const styles = [...index.matchAll(/<link\b[^>]*\bhref="\.\/(assets\/[\w.-]+\.css)"/g)].map((m) => m[1]!);
  if (scripts.length !== 1 || styles.length > 1) {
    throw new Error(`the HTML report's build in ${buildDir} has ${scripts.length} scripts and ${styles.length} style sheets; expected one of each (see vite.report.config.ts)`);
  }
  const [script, style] = await Promise.all([readFile(join(buildDir, scripts[0]!), 'utf8'), styles[0] ? readFile(join(buildDir, styles[0]), 'utf8') : '']);
  return { script, style };
}

/**
 * Makes script text safe inside an inline <script>: the HTML parser ends the element at
 * the first `</script` and treats `<!--` and `<script` specially, whatever the JavaScript
 * means. `\x3C` is `<` in a string, template, regular expression or comment alike.
 */
export function inlineScriptText(script: string): string {
  return script.replace(/<(\/?script|!--)/gi, '\\x3C$1');
}

/** Style text safe inside an inline <style>: nothing may end the element early. */
function inlineStyleText(style: string): string {
  return style.replace(/<\/(style)/gi, '<\\/$1');
}

/**
 * The report's policy: its one inline script by hash, inline styles (the charts set style
 * attributes), images and fonts only as data: URLs, and no connection, form, base or
 * plugin of any kind — the report reaches nothing, whatever an incident's labels hold.
 */
export function reportContentSecurityPolicy(scriptText: string): string {
  const hash = createHash('sha256').update(scriptText, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    'font-src data:',
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

export interface HtmlReportInput {
  /** The incident file exactly as exported: the report carries it byte for byte. */
  file: Uint8Array;
  fileName: string;
  /** The incident's title, for the browser tab. */
  title: string;
  assets: ReportAssets;
}

/**
 * One self-contained .html file: the report page's script and styles inlined, the incident
 * file embedded as base64 (never executed), a CSP that forbids every connection. It opens
 * in any browser from disk, and Lockstep opens it as the incident file it carries.
 */
export function buildHtmlReport(input: HtmlReportInput): string {
  const script = inlineScriptText(input.assets.script);
  return [
    '<!doctype html>',
    '<html lang="en" data-theme="dark">',
    '<head>',
    '<meta charset="UTF-8" />',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(reportContentSecurityPolicy(script))}" />`,
    '<meta name="referrer" content="no-referrer" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1.0" />',
    '<meta name="color-scheme" content="dark light" />',
    `<title>${escapeHtml(`${input.title} — Lockstep incident report`)}</title>`,
    `<style>${inlineStyleText(input.assets.style)}</style>`,
    '</head>',
    '<body>',
    '<div id="root"></div>',
    incidentEmbedElement(input.file, input.fileName),
    `<script type="module">${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** "bad-release.lockstep.json" or the sealed "bad-release.lockstep" → "bad-release.lockstep.html". */
export function htmlReportName(fileName: string): string {
  return fileName.replace(/(\.lockstep)?(\.json)?$/i, '') + HTML_REPORT_EXTENSION;
}
