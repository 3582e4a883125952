/**
 * A series' name from a Grafana-style template: `{{city}}` becomes the series' city
 * label. Without a template the labels are listed, so two series never look identical.
 */
export function formatLegend(template: string | undefined, labels: Readonly<Record<string, string>>, name: string): string {
  if (template && template.trim()) {
    return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, key: string) => labels[key] ?? '');
  }
  const pairs = Object.entries(labels)
    .filter(([key]) => key !== '__name__')
    .map(([key, value]) => `${key}="${value}"`);
  if (pairs.length === 0) return name || 'series';
  return `${name}{${pairs.join(', ')}}`;
}
