// A real Prometheus and Alertmanager on 127.0.0.1 for one test: free ports, temporary data directories,
// configuration written by the test, intervals of about a second so an alert fires and resolves within
// seconds. The binaries are Debian's (`apt-get install prometheus prometheus-alertmanager`; `.ci/run`
// installs them when absent).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from './service-process';

export const PROMETHEUS_BINARY = process.env['PROMETHEUS_BINARY'] ?? '/usr/bin/prometheus';
export const ALERTMANAGER_BINARY = process.env['ALERTMANAGER_BINARY'] ?? '/usr/bin/prometheus-alertmanager';

/** Throws, naming what to install, when either binary is missing: the test must not pass without them. */
export function requirePrometheusBinaries(): void {
  const missing = [PROMETHEUS_BINARY, ALERTMANAGER_BINARY].filter((binary) => !existsSync(binary));
  if (missing.length > 0) {
    throw new Error(
      `missing ${missing.join(' and ')}: install the Debian packages prometheus and prometheus-alertmanager ` +
        '(or set PROMETHEUS_BINARY / ALERTMANAGER_BINARY)',
    );
  }
}

const RECEIVER_SNIPPET = path.resolve(__dirname, '../../docs/snippets/alertmanager-receiver.yml');
/** What the documented snippet holds in place of the deployment's values. */
const DOCUMENTED_URL = 'https://change-audit.example.com';
const DOCUMENTED_KEY_FILE = '/etc/alertmanager/change-audit-api-key';

/**
 * alertmanager.yml: a route with short waits (a firing or resolved alert is notified within a couple of
 * seconds) to the receiver documented in docs/integrations.md (docs/snippets/alertmanager-receiver.yml),
 * with this test's service URL and key file put in and nothing else changed.
 */
export function documentedAlertmanagerConfig(
  groupBy: readonly string[],
  baseUrl: string,
  keyFile: string,
): string {
  const snippet = readFileSync(RECEIVER_SNIPPET, 'utf8');
  if (!snippet.includes(DOCUMENTED_URL) || !snippet.includes(DOCUMENTED_KEY_FILE)) {
    throw new Error(`${RECEIVER_SNIPPET} no longer names ${DOCUMENTED_URL} and ${DOCUMENTED_KEY_FILE}`);
  }
  const route = [
    'global:',
    '  resolve_timeout: 5s',
    'route:',
    '  receiver: change-audit',
    `  group_by: [${groupBy.join(', ')}]`,
    '  group_wait: 1s',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    '',
  ].join('\n');
  return route + snippet.replace(DOCUMENTED_URL, baseUrl).replace(DOCUMENTED_KEY_FILE, keyFile);
}

/** A scrape target exposing one gauge, `http_error_ratio{service=...}`, whose value the test sets. */
export interface ErrorRateTarget {
  readonly address: string;
  setErrorRatio(value: number): void;
  close(): Promise<void>;
}

export async function startErrorRateTarget(service: string): Promise<ErrorRateTarget> {
  let ratio = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      '# HELP http_error_ratio Share of requests answered with a 5xx.\n' +
        '# TYPE http_error_ratio gauge\n' +
        `http_error_ratio{service="${service}"} ${ratio}\n`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    setErrorRatio: (value) => {
      ratio = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

export interface PrometheusStackOptions {
  /** The scrape target's host:port. */
  readonly target: string;
  /** Prometheus rule file (YAML), evaluated every second. */
  readonly rules: string;
  /** alertmanager.yml as the test composes it (route and receivers), given the directory it is written to. */
  readonly alertmanagerConfig: (dir: string) => string;
  /** Prometheus's external labels, which it adds to every alert it sends (e.g. the environment). */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** Extra files next to the configuration (e.g. a credentials file the receiver names), by name. */
  readonly files?: Readonly<Record<string, string>>;
}

export interface PrometheusStack {
  readonly prometheusUrl: string;
  readonly alertmanagerUrl: string;
  /** The directory holding the configuration and data (the `files` are written here). */
  readonly dir: string;
  /** Both processes' output so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

interface Started {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

function launch(binary: string, args: readonly string[], log: (text: string) => void): Started {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const name = path.basename(binary);
  const collect = (chunk: Buffer): void => {
    log(`[${name}] ${chunk.toString()}`);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  return { child, exited };
}

async function ready(url: string, what: string, output: () => string): Promise<void> {
  await waitFor(
    `${what} at ${url}`,
    async () => ((await fetch(url)).ok ? true : undefined),
    20_000,
    200,
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${output()}`);
  });
}

/**
 * Starts Alertmanager, then Prometheus (scrape and rule evaluation every second, alerts sent to that
 * Alertmanager), on free ports under a temporary directory; resolves once both answer their ready probes.
 */
export async function startPrometheusStack(options: PrometheusStackOptions): Promise<PrometheusStack> {
  requirePrometheusBinaries();
  const dir = mkdtempSync(path.join(tmpdir(), 'prometheus-stack-'));
  let log = '';
  const append = (text: string): void => {
    log += text;
  };
  for (const [name, content] of Object.entries(options.files ?? {})) {
    writeFileSync(path.join(dir, name), content, { mode: 0o600 });
  }
  writeFileSync(path.join(dir, 'alertmanager.yml'), options.alertmanagerConfig(dir));
  writeFileSync(path.join(dir, 'rules.yml'), options.rules);
  const alertmanagerPort = await freePort();
  const prometheusPort = await freePort();
  writeFileSync(
    path.join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      ...(options.externalLabels === undefined
        ? []
        : [
            '  external_labels:',
            ...Object.entries(options.externalLabels).map(
              ([name, value]) => `    ${name}: ${JSON.stringify(value)}`,
            ),
          ]),
      'rule_files:',
      `  - ${path.join(dir, 'rules.yml')}`,
      'alerting:',
      '  alertmanagers:',
      '    - static_configs:',
      `        - targets: ['127.0.0.1:${alertmanagerPort}']`,
      'scrape_configs:',
      '  - job_name: app',
      '    static_configs:',
      `      - targets: ['${options.target}']`,
      '',
    ].join('\n'),
  );
  const started: Started[] = [];
  const stop = async (): Promise<void> => {
    for (const { child } of started) child.kill('SIGTERM');
    await Promise.all(started.map(({ exited }) => exited));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    started.push(
      launch(
        ALERTMANAGER_BINARY,
        [
          `--config.file=${path.join(dir, 'alertmanager.yml')}`,
          `--storage.path=${path.join(dir, 'alertmanager-data')}`,
          `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
          // A single instance: no gossip port to bind or peers to wait for.
          '--cluster.listen-address=',
          '--log.level=warn',
        ],
        append,
      ),
    );
    const alertmanagerUrl = `http://127.0.0.1:${alertmanagerPort}`;
    await ready(`${alertmanagerUrl}/-/ready`, 'Alertmanager', () => log);
    started.push(
      launch(
        PROMETHEUS_BINARY,
        [
          `--config.file=${path.join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(dir, 'prometheus-data')}`,
          `--web.listen-address=127.0.0.1:${prometheusPort}`,
          // Firing alerts are re-sent to Alertmanager this often (1 min by default): keeps them alive there.
          '--rules.alert.resend-delay=1s',
          '--log.level=warn',
        ],
        append,
      ),
    );
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    await ready(`${prometheusUrl}/-/ready`, 'Prometheus', () => log);
    return { prometheusUrl, alertmanagerUrl, dir, output: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
