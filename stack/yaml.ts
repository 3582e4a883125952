/**
 * Just enough YAML to write Prometheus and Alertmanager configs: block mappings and
 * sequences, every string double-quoted (a JSON string is a valid YAML double-quoted
 * scalar), so no PromQL or template text can be misread as YAML syntax.
 */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

export function toYaml(value: YamlValue): string {
  return `${lines(value).join('\n')}\n`;
}

function lines(value: YamlValue): string[] {
  if (isScalar(value) || isEmpty(value)) return [scalar(value)];
  if (Array.isArray(value)) {
    return (value as readonly YamlValue[]).flatMap((item) => {
      const [first = '', ...rest] = lines(item);
      return [`- ${first}`, ...rest.map((line) => `  ${line}`)];
    });
  }
  return Object.entries(value as Record<string, YamlValue | undefined>).flatMap(([key, child]) => {
    if (child === undefined) return [];
    if (isScalar(child) || isEmpty(child)) return [`${yamlKey(key)}: ${scalar(child)}`];
    return [`${yamlKey(key)}:`, ...lines(child).map((line) => `  ${line}`)];
  });
}

function isScalar(value: YamlValue): value is string | number | boolean | null {
  return value === null || typeof value !== 'object';
}

function isEmpty(value: YamlValue): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => v === undefined);
}

function scalar(value: YamlValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} to YAML`);
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function yamlKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) ? key : JSON.stringify(key);
}
