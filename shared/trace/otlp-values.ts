import type { AnyValue } from './otlp-schema';

/**
 * An OTLP AnyValue as the text the model keeps: strings as they are, 64-bit integers exactly
 * as sent (a string, never rounded through a double), bytes as their base64, arrays and
 * key-value lists as JSON of their plain values (`["first",false,"9223372036854775807"]`).
 */
export function anyValueText(value: AnyValue | null | undefined): string {
  if (!value) return '';
  if (value.stringValue !== undefined && value.stringValue !== null) return value.stringValue;
  if (value.boolValue !== undefined && value.boolValue !== null) return String(value.boolValue);
  if (value.intValue !== undefined && value.intValue !== null) return String(value.intValue);
  if (value.doubleValue !== undefined && value.doubleValue !== null) return String(value.doubleValue);
  if (value.bytesValue !== undefined && value.bytesValue !== null) return value.bytesValue;
  if (value.arrayValue !== undefined || value.kvlistValue !== undefined) return JSON.stringify(plain(value, 0));
  return '';
}

const MAX_DEPTH = 16;

/** A nested AnyValue (camelCase or snake_case keys) as a plain JSON value. */
function plain(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const pick = (camel: string, snake: string) => (v[camel] !== undefined ? v[camel] : v[snake]);
  const str = pick('stringValue', 'string_value');
  if (typeof str === 'string') return str;
  const bool = pick('boolValue', 'bool_value');
  if (typeof bool === 'boolean') return bool;
  const int = pick('intValue', 'int_value');
  if (typeof int === 'string' || typeof int === 'number') return String(int);
  const double = pick('doubleValue', 'double_value');
  if (typeof double === 'number' || typeof double === 'string') return double;
  const bytes = pick('bytesValue', 'bytes_value');
  if (typeof bytes === 'string') return bytes;
  const array = pick('arrayValue', 'array_value');
  if (array !== undefined) {
    const values = typeof array === 'object' && array !== null ? (array as { values?: unknown }).values : undefined;
    return Array.isArray(values) ? values.map((item) => plain(item, depth + 1)) : [];
  }
  const kvlist = pick('kvlistValue', 'kvlist_value');
  if (kvlist !== undefined) {
    const values = typeof kvlist === 'object' && kvlist !== null ? (kvlist as { values?: unknown }).values : undefined;
    const out: Record<string, unknown> = {};
    if (Array.isArray(values)) {
      for (const kv of values) {
        if (typeof kv === 'object' && kv !== null && typeof (kv as { key?: unknown }).key === 'string') {
          out[(kv as { key: string }).key] = plain((kv as { value?: unknown }).value, depth + 1);
        }
      }
    }
    return out;
  }
  return null;
}
