/**
 * A trace or span id as the waterfall looks it up: hex, lower case. Empty strings (OTel
 * records written without a trace), all-zero ids and anything not hex are no id at all.
 */
export function hexId(raw: unknown, maxDigits: 32 | 16): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const id = raw.trim();
  if (!new RegExp(`^[0-9a-fA-F]{1,${maxDigits}}$`).test(id) || /^0+$/.test(id)) return undefined;
  return id.toLowerCase();
}
