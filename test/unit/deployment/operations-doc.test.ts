// docs/operations.md must stay true to the code: the topics the service uses, every table the migrations
// create, every DLQ header the consumer writes and every npm script it names. The configuration reference
// (docs/configuration.md) and the links of every page are checked by test/unit/docs.test.ts.
import { loadConfig } from '../../../src/config/app-config';
import { readRepoFile, typescriptFiles } from './support/sources';
import { readFileSync } from 'node:fs';

const doc = readRepoFile('docs/operations.md');
const documented = (name: string): boolean => doc.includes(`\`${name}\``);

describe('docs/operations.md', () => {
  it('names the topics the service uses by default', () => {
    const kafka = loadConfig({ KAFKA_BROKERS: 'kafka:9092' }, '/app').kafka;
    const topics = Object.entries(kafka ?? {})
      .filter(([key, value]) => key.endsWith('Topic') && typeof value === 'string')
      .map(([, value]) => String(value));
    expect(topics.length).toBeGreaterThanOrEqual(2);
    expect(topics.filter((topic) => !documented(topic))).toEqual([]);
  });

  it('lists exactly the x-dlq-* headers the consumer writes', () => {
    const sources = typescriptFiles('src').map((file) => readFileSync(file, 'utf8'));
    const written = [
      ...new Set(sources.flatMap((text) => [...text.matchAll(/'(x-dlq-[a-z-]+)'/g)].map((m) => m[1]))),
    ].sort();
    const named = [...new Set([...doc.matchAll(/`(x-dlq-[a-z-]+)`/g)].map((m) => m[1]))].sort();
    expect(written.length).toBeGreaterThanOrEqual(7);
    expect(named).toEqual(written);
  });

  it('classifies every table the migrations create (backups: source of truth, bookkeeping or read model)', () => {
    const created = typescriptFiles('migrations').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)"?/g)].map(
        (m) => m[1] ?? '',
      ),
    );
    expect(created).toEqual(expect.arrayContaining(['events', 'event_store_head', 'rejected_messages']));
    const backups = doc.slice(doc.indexOf('## Backups and restore'), doc.indexOf('## Upgrading'));
    expect(created.filter((table) => !backups.includes(`\`${table}\``))).toEqual([]);
    expect(backups).toContain('`schema_migrations`');
    expect(readRepoFile('src/database/data-source-options.ts')).toContain(
      "migrationsTableName: 'schema_migrations'",
    );
  });

  it('names only npm scripts that exist', () => {
    const scripts = (JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts;
    const named = [...doc.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? '');
    expect(named).toEqual(expect.arrayContaining(['migration:run', 'projections:rebuild']));
    expect(named.filter((name) => !(name in scripts))).toEqual([]);
  });
});
