/** Go's %.{p}g: the shortest of fixed and exponent forms, trailing zeros dropped. */
function formatG(v: number, precision: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= precision) {
    const [mant = '', e = '0'] = v.toExponential(precision - 1).split('e');
    const n = Number(e);
    return `${mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = v.toPrecision(precision);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Prometheus's humanizePercentage: 0.0523 → "5.23%". */
export function humanizePercentage(v: number): string {
  return `${formatG(v * 100, 4)}%`;
}

/**
 * Renders the subset of Prometheus alert templates the rules use: {{ $labels.x }},
 * {{ $value }} and {{ $value | humanizePercentage }}. Anything else is left as written.
 */
export function renderTemplate(text: string, labels: Record<string, string>, value: number): string {
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, inner: string) => {
    const label = /^\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(inner);
    if (label) return labels[label[1] ?? ''] ?? '';
    if (/^\$value$/.test(inner)) return formatG(value, 17).replace(/^(-?\d+\.\d*?)0+$/, '$1');
    if (/^\$value\s*\|\s*humanizePercentage$/.test(inner)) return humanizePercentage(value);
    return whole;
  });
}

/** Alertmanager's fingerprint: FNV-1a 64 over sorted label names and values, 16 hex digits. */
export function fingerprint(labels: Record<string, string>): string {
  const prime = 0x100000001b3n;
  let hash = 0xcbf29ce484222325n;
  const feed = (s: string) => {
    for (const byte of new TextEncoder().encode(s)) {
      hash ^= BigInt(byte);
      hash = (hash * prime) & 0xffffffffffffffffn;
    }
    hash ^= 0xffn;
    hash = (hash * prime) & 0xffffffffffffffffn;
  };
  for (const name of Object.keys(labels).sort()) {
    feed(name);
    feed(labels[name] ?? '');
  }
  return hash.toString(16).padStart(16, '0');
}
