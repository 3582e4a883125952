/**
 * Reading a field of a JSON document by a dotted path, as Elasticsearch and OpenSearch
 * documents hold them: nested (`{"service": {"name": "x"}}`), flat with dots in the key
 * (`{"service.name": "x"}`, as OTel attributes are indexed), or any mix of the two
 * (`resource.attributes["service.name"]`). At each level the longest key that matches
 * the rest of the path wins.
 */
export function valueAtPath(document: unknown, path: string): unknown {
  return walk(document, path.split('.'));
}

function walk(value: unknown, parts: readonly string[]): unknown {
  if (parts.length === 0) return value;
  if (!isRecord(value)) return undefined;
  for (let take = parts.length; take >= 1; take--) {
    const key = parts.slice(0, take).join('.');
    if (!Object.hasOwn(value, key)) continue;
    const found = walk(value[key], parts.slice(take));
    if (found !== undefined) return found;
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first usable scalar at a path (a one-element array counts), as text. */
export function textAt(document: unknown, path: string): string | undefined {
  return scalarText(valueAtPath(document, path));
}

export function scalarText(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length > 0 ? scalarText(value[0]) : undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

export interface FlattenLimits {
  /** Most fields kept; a document with thousands of keys must not make a line megabytes long. */
  maxFields: number;
  maxValueChars: number;
}

const DEFAULT_LIMITS: FlattenLimits = { maxFields: 100, maxValueChars: 1000 };

/**
 * A document's leaves as `dotted.key → text`: nulls left out, arrays of scalars joined
 * with ", ", arrays of objects kept as JSON. `skip` names paths already shown elsewhere
 * (the message, level, …), matched against the dotted key as flattened.
 */
export function flattenFields(document: Record<string, unknown>, skip: ReadonlySet<string> = new Set(), limits: FlattenLimits = DEFAULT_LIMITS): Record<string, string> {
  const out: Record<string, string> = {};
  let count = 0;
  const clip = (text: string) => (text.length > limits.maxValueChars ? `${text.slice(0, limits.maxValueChars)}…` : text);
  const visit = (value: unknown, key: string): void => {
    if (count >= limits.maxFields || value === null || value === undefined || skip.has(key)) return;
    if (isRecord(value)) {
      for (const [child, inner] of Object.entries(value)) visit(inner, key ? `${key}.${child}` : child);
      return;
    }
    let text: string | undefined;
    if (Array.isArray(value)) {
      const scalars = value.map(scalarText);
      text = scalars.every((s) => s !== undefined) ? scalars.join(', ') : JSON.stringify(value);
    } else {
      text = scalarText(value);
    }
    if (text === undefined) return;
    out[key] = clip(text);
    count++;
  };
  visit(document, '');
  return out;
}
