/**
 * A log message reduced to its kind: the parts that change from one occurrence to the
 * next (numbers, ids, hex, UUIDs, quoted strings, IP addresses) become placeholders, so
 * "lock 00123 timed out after 8s" and "lock 00977 timed out after 12s" are one pattern.
 * Order matters: the wider shapes are replaced before the numbers inside them.
 */
const RULES: readonly [RegExp, string][] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<ip>'],
  // IPv6: eight groups, or fewer around a "::" (clock times like 12:30:45 have neither).
  [/(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?::[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6}|[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6}::)(?![\w:])/gi, '<ip>'],
  [/"(?:[^"\\\n]|\\.){0,500}"|'(?:[^'\\\n]|\\.){0,500}'|`[^`\n]{0,500}`/g, '<str>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // Hex runs long enough to be hashes or trace ids, with at least one digit (so "deadbeef" words stay words only when they have none).
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  // Numbers with a unit (8s, 1.5ms, 20MB, 99%): the unit says what kind of number it is, so it stays.
  [/(?<![\w.])\d+(?:[.,]\d+)*(ms|us|µs|ns|s|m|h|d|[kmgt]i?b|b)\b/gi, '<num>$1'],
  [/(?<![\w.])\d+(?:[.,]\d+)*%/g, '<num>%'],
  // Ids: words that mix letters and digits (lock-sha-00123, req_7f3k2, user42).
  [/\b(?=[\w-]*[a-z])(?=[\w-]*\d)[a-z0-9]+(?:[_-][a-z0-9]+)*\b/gi, '<id>'],
  [/-?\b\d+(?:[.,]\d+)*\b/g, '<num>'],
];

/** Longest message part considered: patterns are about the start of a message, and a 1 MB line must not stall grouping. */
const MAX_CHARS = 2_000;

export function messagePattern(message: string): string {
  let text = message.length > MAX_CHARS ? message.slice(0, MAX_CHARS) : message;
  for (const [re, placeholder] of RULES) text = text.replace(re, placeholder);
  return text.replace(/\s+/g, ' ').trim();
}
