// The Dockerfile, checked without a Docker engine: parsed, then held against what the build produces
// (tsconfig.build.json), what the app reads at run time, the dependencies it imports and docker-compose.yml.
import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { SERVICE_NODE_FLAGS } from '../../../bench/support/service';
import { loadConfig } from '../../../src/config/app-config';
import { imageTag, parseCompose } from './support/compose';
import { dockerignoreMatcher } from './support/dockerignore';
import {
  execForm,
  finalUser,
  isRootUser,
  parseCopy,
  parseDockerfile,
  parseEnv,
  parseHealthcheck,
  workdirAt,
  type DockerInstruction,
  type DockerStage,
} from './support/dockerfile';
import {
  ROOT,
  readRepoFile,
  relativeImports,
  runtimePackageImports,
  typescriptFiles,
} from './support/sources';

const stages = parseDockerfile(readRepoFile('Dockerfile'));
const build = stages[0];
const runtime = stages[stages.length - 1];

function stage(which: DockerStage | undefined): DockerStage {
  if (which === undefined || stages.length < 2)
    throw new Error('the Dockerfile needs a build and a runtime stage');
  return which;
}

function only(s: DockerStage, keyword: string): DockerInstruction[] {
  return s.instructions.filter((i) => i.keyword === keyword);
}

function single(s: DockerStage, keyword: string): DockerInstruction {
  const found = only(s, keyword);
  if (found.length !== 1)
    throw new Error(`expected one ${keyword} in stage ${s.name ?? s.index}, found ${found.length}`);
  return found[0] as DockerInstruction;
}

/** Where a COPY lands, as an absolute path in the image. */
function destination(s: DockerStage, copy: DockerInstruction): string {
  return path.posix.resolve(workdirAt(s, copy), parseCopy(copy).destination);
}

/** The image path the runtime stage copies `sourceInBuild` (an absolute path in the build stage) to. */
function copiedFromBuild(sourceInBuild: string): string | undefined {
  for (const copy of only(stage(runtime), 'COPY')) {
    const { from, sources } = parseCopy(copy);
    if (from !== stage(build).name) continue;
    for (const source of sources) {
      const relative = path.posix.relative(source, sourceInBuild);
      if (!relative.startsWith('..')) return path.posix.join(destination(stage(runtime), copy), relative);
    }
  }
  return undefined;
}

/** The runtime image path of a repository file copied in from the build context, if it is. */
function copiedFromContext(repoPath: string): string | undefined {
  for (const copy of only(stage(runtime), 'COPY')) {
    const { from, sources } = parseCopy(copy);
    if (from !== undefined) continue;
    for (const source of sources) {
      const relative = path.posix.relative(path.posix.normalize(source), repoPath);
      if (!relative.startsWith('..')) return path.posix.join(destination(stage(runtime), copy), relative);
    }
  }
  return undefined;
}

const compose = parseCompose(readRepoFile('docker-compose.yml'));
const composeApp = compose.services['change-audit'];
const config = loadConfig(composeApp?.environment ?? {}, '/app');

describe('Dockerfile', () => {
  it('builds on node:20-bookworm-slim in a build stage and runs from a separate runtime stage', () => {
    expect(stages.map((s) => ({ image: s.image, name: s.name }))).toEqual([
      { image: 'node:20-bookworm-slim', name: 'build' },
      { image: 'node:20-bookworm-slim', name: 'runtime' },
    ]);
    expect(stages.filter((s) => [undefined, 'latest'].includes(imageTag(s.image)))).toEqual([]);
  });

  it('builds with the dev toolchain: npm ci (with dev dependencies), then npm run build', () => {
    const runs = only(stage(build), 'RUN').map((r) => r.args);
    const install = runs.findIndex((r) => /\bnpm ci\b/.test(r));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(runs[install]).not.toMatch(/--omit[= ]dev|--production/);
    expect(runs.findIndex((r) => /\bnpm run build\b/.test(r))).toBeGreaterThan(install);
  });

  it('copies into the build stage everything tsconfig.build.json compiles for the runtime, before compiling', () => {
    const buildRun = only(stage(build), 'RUN').find((r) => /\bnpm run build\b/.test(r.args));
    const copied = only(stage(build), 'COPY')
      .filter((c) => buildRun !== undefined && c.line < buildRun.line)
      .flatMap((c) => parseCopy(c).sources.map((s) => path.posix.normalize(s)));
    expect(copied).toEqual(
      expect.arrayContaining([
        'package.json',
        'package-lock.json',
        'tsconfig.json',
        'tsconfig.build.json',
        'src',
        'migrations',
      ]),
    );
    // Whatever src/ and migrations/ import by relative path must be in the build context too (e.g. a schema
    // imported as JSON from contracts/).
    const imported = [...typescriptFiles('src'), ...typescriptFiles('migrations')].flatMap(relativeImports);
    expect(imported).toContain(path.join('contracts', 'change-event.v1', 'schema.json'));
    const missing = [...new Set(imported)].filter(
      (target) => !copied.some((source) => !path.relative(source, target).startsWith('..')),
    );
    expect(missing).toEqual([]);
    // The build tree mirrors the repository, so relative imports resolve as they do in a checkout.
    const moved = only(stage(build), 'COPY')
      .filter((c) => parseCopy(c).from === undefined)
      .flatMap((c) => {
        const { sources, destination: dest } = parseCopy(c);
        const target = destination(stage(build), c);
        const intoDirectory = dest.endsWith('/') || sources.length > 1;
        return sources.flatMap((source) => {
          const landed = intoDirectory ? path.posix.join(target, path.posix.basename(source)) : target;
          const expected = path.posix.join(workdirAt(stage(build), c), source);
          return landed === expected ? [] : [`${source} lands at ${landed}, not ${expected}`];
        });
      });
    expect(moved).toEqual([]);
  });

  it('installs only production dependencies in the runtime stage, from the lock file', () => {
    const runs = only(stage(runtime), 'RUN');
    const install = runs.find((r) => /\bnpm ci\b/.test(r.args));
    expect(install?.args).toMatch(/--omit[= ]dev/);
    const manifests = only(stage(runtime), 'COPY')
      .filter((c) => install !== undefined && c.line < install.line && parseCopy(c).from === undefined)
      .flatMap((c) => parseCopy(c).sources);
    expect(manifests).toEqual(expect.arrayContaining(['package.json', 'package-lock.json']));
    // No node_modules from the build stage: it holds the dev dependencies.
    expect(
      only(stage(runtime), 'COPY').filter((c) =>
        parseCopy(c).sources.some((s) => s.includes('node_modules')),
      ),
    ).toEqual([]);
  });

  it('runs no code that needs a dev dependency: every package src/ and migrations/ load is a dependency', () => {
    const pkg = JSON.parse(readRepoFile('package.json')) as { dependencies: Record<string, string> };
    const files = [...typescriptFiles('src'), ...typescriptFiles('migrations')].filter(
      (f) => !/\.(spec|test)\.ts$/.test(f),
    );
    expect(files.length).toBeGreaterThan(20);
    const imports = files.flatMap((file) =>
      runtimePackageImports(file).map((name) => ({ file: path.relative(ROOT, file), name })),
    );
    expect(imports.map((i) => i.name)).toContain('@nestjs/core');
    expect(imports.filter((i) => !(i.name in pkg.dependencies))).toEqual([]);
  });

  it('names only earlier stages in COPY --from', () => {
    const problems = stages.flatMap((s) =>
      only(s, 'COPY').flatMap((c) => {
        const { from } = parseCopy(c);
        if (from === undefined) return [];
        return stages.slice(0, s.index).some((earlier) => earlier.name === from)
          ? []
          : [`line ${c.line}: ${from}`];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('runs as an unprivileged user with NODE_ENV=production', () => {
    const user = finalUser(stage(runtime));
    expect({ user, root: isRootUser(user) }).toEqual({ user, root: false });
    const env = Object.assign({}, ...only(stage(runtime), 'ENV').map((e) => parseEnv(e.args))) as Record<
      string,
      string
    >;
    expect(env['NODE_ENV']).toBe('production');
  });

  it('starts the entry point that `npm run build` compiles src/main.ts to', () => {
    const configFile = path.join(ROOT, 'tsconfig.build.json');
    const tsconfig = ts.parseJsonConfigFileContent(
      ts.readConfigFile(configFile, ts.sys.readFile.bind(ts.sys)).config,
      ts.sys,
      ROOT,
      undefined,
      configFile,
    );
    const mainTs = path.join(ROOT, 'src/main.ts');
    expect(tsconfig.fileNames).toContain(mainTs);
    const [mainJs] = ts.getOutputFileNames(tsconfig, mainTs, false);
    const buildWorkdir = workdirAt(
      stage(build),
      only(stage(build), 'RUN').at(-1) ?? single(stage(build), 'WORKDIR'),
    );
    const inImage = copiedFromBuild(path.posix.join(buildWorkdir, path.relative(ROOT, mainJs ?? '')));
    const cmd = single(stage(runtime), 'CMD');
    const args = execForm(cmd.args);
    expect(args?.[0]).toBe('node');
    expect(args).toHaveLength(3);
    expect(path.posix.resolve(workdirAt(stage(runtime), cmd), args?.[2] ?? '')).toBe(inImage);
    // The service's V8 flags (docs/operations.md, "Memory"), as the benchmarks start it.
    expect(args).toEqual(['node', ...SERVICE_NODE_FLAGS, 'dist/src/main.js']);
    const start = (JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(start['start']).toBe(`npm run build && node ${SERVICE_NODE_FLAGS.join(' ')} dist/src/main.js`);
  });

  it('ships contracts/ where the service looks for them at run time, next to the compiled migrations', () => {
    // contractsDir() walks up from the compiled contract-validator.js to the first contracts/asyncapi.yaml.
    expect(readRepoFile('src/contracts/contract-validator.ts')).toContain("path.join(dir, 'contracts')");
    const buildWorkdir = workdirAt(
      stage(build),
      only(stage(build), 'RUN').at(-1) ?? single(stage(build), 'WORKDIR'),
    );
    const validatorDir = copiedFromBuild(path.posix.join(buildWorkdir, 'dist/src/contracts'));
    const contracts = copiedFromContext('contracts/asyncapi.yaml');
    expect(validatorDir).toBeDefined();
    const searched: string[] = [];
    for (let dir = validatorDir ?? '/'; ; dir = path.posix.dirname(dir)) {
      searched.push(path.posix.join(dir, 'contracts/asyncapi.yaml'));
      if (dir === '/') break;
    }
    expect(searched).toContain(contracts);
    expect(copiedFromBuild(path.posix.join(buildWorkdir, 'dist/migrations'))).toBeDefined();
  });

  it('exposes the port the configuration in docker-compose.yml listens on', () => {
    const exposed = only(stage(runtime), 'EXPOSE').flatMap((e) =>
      e.args.split(/\s+/).map((p) => Number(p.split('/')[0])),
    );
    expect(exposed).toEqual([config.port]);
    expect(composeApp?.ports.map((p) => p.target)).toEqual(exposed);
  });

  it('checks liveness with node itself (no curl in slim images), on the liveness route', () => {
    const check = parseHealthcheck(single(stage(runtime), 'HEALTHCHECK').args);
    expect(check.command?.slice(0, 1)).toEqual(['node']);
    const script = check.command?.[1] ?? '';
    expect(check.command?.[2]).toBe('/health/live');
    expect(readRepoFile('src/health/health.controller.ts')).toMatch(/@Get\('live'\)/);
    // The probe script is in the image, at the path the command names.
    const workdir = workdirAt(stage(runtime), single(stage(runtime), 'HEALTHCHECK'));
    expect(copiedFromContext('deploy/healthcheck.mjs')).toBe(path.posix.resolve(workdir, script));
    expect(Number.parseInt(check.options['timeout'] ?? '30', 10)).toBeGreaterThan(4); // the script gives up after 4 s
  });
});

describe('.dockerignore', () => {
  const ignored = dockerignoreMatcher(readRepoFile('.dockerignore'));

  it('keeps local builds, dependencies, data, VCS history and secrets out of the build context', () => {
    const kept = [
      'node_modules/x/index.js',
      'dist/src/main.js',
      '.git/HEAD',
      '.data/pg',
      '.cache/kafka',
      '.env',
    ].filter((p) => !ignored(p));
    expect(kept).toEqual([]);
  });

  it('lets in everything the Dockerfile copies from the context', () => {
    const sources = stages.flatMap((s) =>
      only(s, 'COPY')
        .map(parseCopy)
        .filter((c) => c.from === undefined)
        .flatMap((c) => c.sources),
    );
    expect(sources.length).toBeGreaterThan(5);
    expect(sources.filter((s) => !existsSync(path.join(ROOT, s)))).toEqual([]);
    const samples = [
      ...sources,
      'contracts/asyncapi.yaml',
      'contracts/change-event.v1/schema.json',
      'src/main.ts',
    ];
    expect(samples.filter((s) => ignored(s))).toEqual([]);
  });
});

describe('the Dockerfile parser', () => {
  it('joins continued lines, skips comments and splits stages', () => {
    const parsed = parseDockerfile(
      [
        'ARG V=1',
        'FROM a:1 AS one',
        '# c',
        'RUN x \\',
        '  # inside',
        '  && y',
        'FROM --platform=p b:2',
        'USER 0:0',
      ].join('\n'),
    );
    expect(parsed.map((s) => [s.image, s.name, s.instructions.map((i) => `${i.keyword} ${i.args}`)])).toEqual(
      [
        ['a:1', 'one', ['RUN x && y']],
        ['b:2', undefined, ['USER 0:0']],
      ],
    );
    expect(isRootUser(finalUser(parsed[1] as DockerStage))).toBe(true);
    expect(finalUser(parsed[0] as DockerStage)).toBe('root');
  });

  it('reads COPY, ENV and HEALTHCHECK forms', () => {
    const copy: DockerInstruction = {
      keyword: 'COPY',
      args: '--from=build --chown=1 /app/dist ./dist',
      line: 1,
    };
    expect(parseCopy(copy)).toEqual({
      from: 'build',
      sources: ['/app/dist'],
      destination: './dist',
      line: 1,
    });
    expect(parseEnv('A=1 B="two words"')).toEqual({ A: '1', B: 'two words' });
    expect(parseEnv('NODE_ENV production')).toEqual({ NODE_ENV: 'production' });
    expect(parseHealthcheck('--interval=5s CMD curl -f http://x/')).toEqual({
      options: { interval: '5s' },
      command: ['/bin/sh', '-c', 'curl -f http://x/'],
    });
    expect(parseHealthcheck('NONE').command).toBeUndefined();
  });

  it('matches .dockerignore like Docker: last rule wins, directories cover their contents', () => {
    const matcher = dockerignoreMatcher('bench/results\n*.log\n!keep.log\n**/tmp');
    expect(['bench/results/a.json', 'x.log', 'a/b/tmp/c'].map(matcher)).toEqual([true, true, true]);
    expect(['bench/x.ts', 'keep.log', 'sub/x.log'].map(matcher)).toEqual([false, false, false]);
  });
});
