// The documentation must stay navigable and true to the code: every relative link and #anchor in README.md
// and docs/*.md resolves, every environment variable the service reads has exactly one reference row (in
// docs/configuration.md, nowhere else), the README stays a front page, and no text carries "issue N" labels.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../src/config/app-config';
import { SERVICE_TABLE_PRIVILEGES, serviceRoleGrantStatements } from '../../src/database/database-roles';
import { parseCompose } from './deployment/support/compose';
import {
  ROOT,
  configEnvNames,
  filesUnder,
  otelSdkEnvNames,
  processEnvReads,
  readRepoFile,
  typescriptFiles,
} from './deployment/support/sources';

const PAGES = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).map((name) => `docs/${name}`)].filter(
  (page) => page.endsWith('.md'),
);

/** The text of a markdown page without fenced code blocks and inline code, where brackets are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of prose(markdown).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const heading = (match[1] ?? '').replace(/[`*_]{1,2}([^`*]+)[`*_]{1,2}/g, '$1');
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_\- ]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

/** `[text](target)` links of a page, code left out. */
function linksOf(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
}

/** The first cell of every table row, when it is one code span: the name a reference row describes. */
function referenceRows(markdown: string): string[] {
  return [...markdown.matchAll(/^\| *`([^`]+)` *\|/gm)].map((m) => m[1] ?? '');
}

describe('README.md and docs/*.md', () => {
  it('link only to files that exist and to headings those files have', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of PAGES) {
      for (const link of linksOf(readRepoFile(page))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: — not ours to check
        checked += 1;
        const [file = '', anchor] = link.split('#');
        const target = file === '' ? page : path.join(path.dirname(page), decodeURIComponent(file));
        if (!existsSync(path.join(ROOT, target))) {
          broken.push(`${page}: ${link} (no file ${target})`);
          continue;
        }
        if (anchor === undefined) continue;
        if (!target.endsWith('.md') || statSync(path.join(ROOT, target)).isDirectory()) {
          broken.push(`${page}: ${link} (an anchor into a file that is not markdown)`);
        } else if (!anchorsOf(readRepoFile(target)).has(anchor)) {
          broken.push(`${page}: ${link} (no heading #${anchor} in ${target})`);
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(broken).toEqual([]);
  });

  it('include the pages a newcomer is sent to', () => {
    const readmeLinks = linksOf(readRepoFile('README.md'));
    for (const page of [
      'tour',
      'api',
      'architecture',
      'design',
      'configuration',
      'operations',
      'testing',
      'benchmarks',
    ]) {
      expect(readmeLinks).toContain(`docs/${page}.md`);
    }
  });

  it('name only npm scripts that exist', () => {
    const scripts = (JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts;
    const named = PAGES.flatMap((page) =>
      [...readRepoFile(page).matchAll(/npm run ([\w:-]+)/g)].map((m) => ({ page, script: m[1] ?? '' })),
    );
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter(({ script }) => !(script in scripts))).toEqual([]);
  });

  it('keep the README a front page: at most 5 KB, with the set-up commands package.json runs', () => {
    const readme = readRepoFile('README.md');
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(5 * 1024);
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
    const scripts = (JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start']).toMatch(/node( --[a-z-]+=\S+)* dist\/src\/main\.js$/);
    expect(scripts['test']).toMatch(/jest/);
  });
});

describe('docs/configuration.md', () => {
  const reference = readRepoFile('docs/configuration.md');

  it('CONFIG_VARIABLES lists every property of the configuration class', () => {
    expect([...CONFIG_VARIABLES].sort()).toEqual(configEnvNames());
  });

  it('has exactly one row for every variable the service reads', () => {
    const read = [...new Set([...CONFIG_VARIABLES, ...processEnvReads('src')])];
    expect(read).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'KAFKA_BROKERS', 'API_KEYS']));
    const rows = referenceRows(reference);
    const notOnce = read
      .map((name) => ({ name, rows: rows.filter((row) => row === name).length }))
      .filter(({ rows: count }) => count !== 1);
    expect(notOnce).toEqual([]);
  });

  it('has rows only for variables the service or the OpenTelemetry SDK reads', () => {
    const known = new Set([...CONFIG_VARIABLES, ...processEnvReads('src'), ...otelSdkEnvNames()]);
    const rows = referenceRows(reference);
    expect(rows.length).toBeGreaterThan(CONFIG_VARIABLES.length);
    expect(rows.filter((row) => !known.has(row))).toEqual([]);
  });

  it('has a row for every variable docker-compose.yml sets for the service', () => {
    const app = parseCompose(readRepoFile('docker-compose.yml')).services['change-audit'];
    const names = Object.keys(app?.environment ?? {});
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name) => !referenceRows(reference).includes(name))).toEqual([]);
  });

  it('is the only page with reference rows for configuration variables (others link to it)', () => {
    const variables = new Set(CONFIG_VARIABLES);
    const repeated = PAGES.filter((page) => page !== 'docs/configuration.md').flatMap((page) =>
      referenceRows(readRepoFile(page))
        .filter((row) => variables.has(row))
        .map((row) => `${page}: ${row}`),
    );
    expect(repeated).toEqual([]);
  });
});

describe('issue labels', () => {
  it('appear nowhere in the README, docs, source, migrations or tests', () => {
    const label = /\bissue [0-9]+/i;
    const files = [
      ...PAGES.map((page) => path.join(ROOT, page)),
      ...typescriptFiles('src'),
      ...typescriptFiles('migrations'),
      ...filesUnder(path.join(ROOT, 'test'), (name) => /\.(ts|mjs|js)$/.test(name)),
    ];
    expect(files.length).toBeGreaterThan(100);
    const labelled = files
      .filter((file) => label.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(labelled).toEqual([]);
  });
});

describe('docs/operations.md, Database roles and grants', () => {
  it('shows exactly the grants the service applies', () => {
    const text = readFileSync(path.join(__dirname, '../../docs/operations.md'), 'utf8');
    const grants = serviceRoleGrantStatements(Object.keys(SERVICE_TABLE_PRIVILEGES));
    expect(grants.length).toBeGreaterThan(10);
    for (const statement of grants) expect(text).toContain(`  ${statement};\n`);
  });
});
