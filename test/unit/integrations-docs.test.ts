// docs/integrations.md quotes the upstream configuration the tests use, verbatim: a snippet edited in one
// place and not the other fails here.
import { readRepoFile } from './deployment/support/sources';

/** The fenced yaml blocks of one `## ` section of a page. */
function yamlBlocksOf(page: string, heading: string): string[] {
  const start = page.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no "## ${heading}" section`);
  const rest = page.slice(start + 1);
  const next = rest.indexOf('\n## ', 1);
  const section = next < 0 ? rest : rest.slice(0, next);
  return [...section.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

describe('docs/integrations.md', () => {
  const page = readRepoFile('docs/integrations.md');

  it('quotes the Alertmanager receiver the real-Alertmanager test uses', () => {
    const snippet = readRepoFile('docs/snippets/alertmanager-receiver.yml');
    expect(yamlBlocksOf(page, 'Alertmanager')).toContain(snippet);
  });

  it('quotes the call-edge alert rule the real-Prometheus test uses', () => {
    const snippet = readRepoFile('docs/snippets/service-graph-edge-alerts.yml');
    expect(yamlBlocksOf(page, 'Alertmanager')).toContain(snippet);
  });
});
