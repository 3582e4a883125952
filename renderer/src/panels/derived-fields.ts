import { z } from 'zod';
import { compileUserRegex } from '../../../shared/logs/safe-regex';
import type { DerivedLink } from '../../../shared/logs/text-segments';

/**
 * A derived field, as Grafana's Loki data source has them: a regex over the line whose
 * match becomes a link. `urlTemplate` holds `${__value.raw}` where the value goes (the
 * first capture group, else the whole match).
 */
export const DerivedFieldRuleSchema = z.object({
  name: z.string().trim().min(1).max(60),
  regex: z.string().min(1),
  urlTemplate: z.string().min(1).max(2000),
});
export type DerivedFieldRule = z.infer<typeof DerivedFieldRuleSchema>;

export interface CompiledDerivedField {
  name: string;
  re: RegExp;
  urlTemplate: string;
}


const VALUE = '${__value.raw}';
const ALLOWED_SCHEMES = new Set(['http:', 'https:']);
/** Lines longer than this are linked only in their first part: a hostile line must not stall the list. */
const MAX_SCAN_CHARS = 4_000;
const MAX_LINKS_PER_LINE = 20;

/** Rules from a panel's options (or config), each checked; a bad one is left out with a sentence saying why. */
export function compileDerivedFields(raw: unknown, where: string): { rules: CompiledDerivedField[]; problems: string[] } {
  if (raw === undefined) return { rules: [], problems: [] };
  const list = z.array(z.unknown()).safeParse(raw);
  if (!list.success) return { rules: [], problems: [`${where}: derivedFields must be a list of { name, regex, urlTemplate }; no links were made.`] };
  const rules: CompiledDerivedField[] = [];
  const problems: string[] = [];
  list.data.forEach((item, i) => {
    const parsed = DerivedFieldRuleSchema.safeParse(item);
    if (!parsed.success) {
      problems.push(`${where}: derived field ${i + 1} needs a name, a regex and a urlTemplate (${parsed.error.issues[0]?.path.join('.') || 'value'}: ${parsed.error.issues[0]?.message}); it was left out.`);
      return;
    }
    const rule = parsed.data;
    const compiled = compileUserRegex(rule.regex, 'gi');
    if ('error' in compiled) {
      problems.push(`${where}: derived field "${rule.name}": ${compiled.error} It was left out.`);
      return;
    }
    const scheme = templateScheme(rule.urlTemplate);
    if (!scheme.ok) {
      problems.push(`${where}: derived field "${rule.name}": ${scheme.reason} It was left out.`);
      return;
    }
    rules.push({ name: rule.name, re: compiled.re, urlTemplate: rule.urlTemplate });
  });
  return { rules, problems };
}

function templateScheme(template: string): { ok: true } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(template.split(VALUE).join('value'));
  } catch {
    return { ok: false, reason: `its urlTemplate "${template.slice(0, 80)}" is not an absolute URL.` };
  }
  if (!ALLOWED_SCHEMES.has(url.protocol)) return { ok: false, reason: `its urlTemplate uses "${url.protocol}", and only http: and https: links are made.` };
  return { ok: true };
}

/** The URL a match links to, or undefined when the result is not an http(s) URL. */
export function derivedUrl(urlTemplate: string, value: string): string | undefined {
  const text = urlTemplate.split(VALUE).join(encodeURIComponent(value));
  try {
    const url = new URL(text);
    return ALLOWED_SCHEMES.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Links in a line, in order and never overlapping (the first rule to claim text keeps it). */
export function derivedLinks(text: string, rules: readonly CompiledDerivedField[]): DerivedLink[] {
  if (rules.length === 0) return [];
  const scanned = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  const links: DerivedLink[] = [];
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    let found = 0;
    for (const match of scanned.matchAll(rule.re)) {
      if (found++ >= MAX_LINKS_PER_LINE) break;
      const start = match.index;
      const end = start + match[0].length;
      if (end === start || links.some((l) => start < l.end && l.start < end)) continue;
      const url = derivedUrl(rule.urlTemplate, match[1] ?? match[0]);
      if (url) links.push({ start, end, name: rule.name, url });
    }
  }
  return links.sort((a, b) => a.start - b.start);
}
