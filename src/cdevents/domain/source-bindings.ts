/**
 * Which configured source a CDEvent speaks for: its `context.source` URI (a URI-reference, e.g.
 * `https://tekton.example.com/pipelines` or `/event/source/123`) is bound by prefix to a source name
 * (CDEVENTS_SOURCES), the longest prefix winning. A prefix matches whole path segments only: `/ci` binds
 * `/ci` and `/ci/builds/7`, not `/ci-other`. A publisher key may then send the CDEvent only if it may
 * publish as that source (the usual trust rule), and a Kafka topic of CDEvents is bound to one source.
 */

export interface SourceBinding {
  readonly prefix: string;
  readonly source: string;
}

/** A source name as change-event.v1 and alert-event.v1 allow it. */
const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * `prefix=source,prefix=source`: each entry is split at its last `=` (source names have none). Throws
 * naming the entry at fault.
 */
export function parseSourceBindings(raw: string, variable: string): SourceBinding[] {
  const bindings: SourceBinding[] = [];
  for (const entry of raw.split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const at = trimmed.lastIndexOf('=');
    const key = at < 0 ? '' : trimmed.slice(0, at).trim();
    const source = at < 0 ? '' : trimmed.slice(at + 1).trim();
    if (key === '' || !SOURCE_NAME.test(source)) {
      throw new Error(
        `${variable} entry "${trimmed}" must be <key>=<source>, the source 1-64 of a-z 0-9 . _ - (starting with a letter or digit)`,
      );
    }
    if (bindings.some((b) => b.prefix === key)) throw new Error(`${variable} names "${key}" twice`);
    bindings.push({ prefix: key, source });
  }
  return bindings;
}

function matches(prefix: string, uri: string): boolean {
  if (!uri.startsWith(prefix)) return false;
  if (uri.length === prefix.length || /[/?#:]$/.test(prefix)) return true;
  return /^[/?#]/.test(uri.slice(prefix.length));
}

/** The source a `context.source` URI is bound to (longest matching prefix), or undefined. */
export function bindSource(bindings: readonly SourceBinding[], uri: string): string | undefined {
  let best: SourceBinding | undefined;
  for (const binding of bindings) {
    if (matches(binding.prefix, uri) && (best === undefined || binding.prefix.length > best.prefix.length)) {
      best = binding;
    }
  }
  return best?.source;
}
