import { readFileSync } from 'node:fs';

/**
 * Fastify before 5.12 wrapped every body parse in AsyncResource.bind(), whose leftovers survive two
 * young collections: ~7 ms GC pauses several times a second under load, the p99 of every POST
 * (docs/benchmarks.md, Freeze). @nestjs/platform-fastify 11.2.8 pins 5.11.3; package.json overrides it.
 */
describe('the Fastify the service runs on', () => {
  it('is 5.12 or later, so body parsing does not wrap each request in AsyncResource.bind()', () => {
    const { version } = JSON.parse(
      readFileSync(
        require.resolve('fastify/package.json', { paths: [require.resolve('@nestjs/platform-fastify')] }),
        'utf8',
      ),
    ) as { version: string };
    const [major = 0, minor = 0] = version.split('.').map(Number);
    expect(major > 5 || (major === 5 && minor >= 12)).toBe(true);
    const parser = readFileSync(require.resolve('fastify/lib/content-type-parser.js'), 'utf8');
    expect(parser).not.toMatch(/resource\.bind\(/);
  });
});
