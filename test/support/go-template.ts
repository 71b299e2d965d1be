// Renders the Go text/template subset the documented Argo CD templates use, as Argo CD's notifications
// engine would: `{{.a.b.c}}` and `{{index .a.b "key"}}`; a missing value is written `<no value>`, as Go
// writes it. Any other action throws, so a template cannot use something this renderer does not do.

const NO_VALUE = '<no value>';

function lookup(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const key of path.split('.').filter((k) => k !== '')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const text = (value: unknown): string =>
  value === undefined || value === null
    ? NO_VALUE
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

export function renderGoTemplate(template: string, data: unknown): string {
  return template.replace(/\{\{(.*?)\}\}/g, (_all, action: string) => {
    const field = /^\s*\.([A-Za-z0-9_.]+)\s*$/.exec(action);
    if (field !== null) return text(lookup(data, field[1] ?? ''));
    const index = /^\s*index\s+\.([A-Za-z0-9_.]+)\s+"([^"]*)"\s*$/.exec(action);
    if (index !== null) {
      const map = lookup(data, index[1] ?? '');
      return text(
        typeof map === 'object' && map !== null
          ? (map as Record<string, unknown>)[index[2] ?? '']
          : undefined,
      );
    }
    throw new Error(`the test renderer does not do the template action {{${action}}}`);
  });
}
