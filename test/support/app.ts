import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createApp, type RunningApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { INTAKE_INTEGRATIONS } from './intakes';

export const API_KEYS = [
  { key: 'test-admin-key', roles: ['admin'], name: 'admin' },
  { key: 'test-publisher-argo', roles: ['publisher'], sources: ['argo-cd', 'ones'], name: 'argo' },
  { key: 'test-reviewer-key', roles: ['reviewer'], name: 'reviewer' },
  {
    key: 'test-publisher-alerting',
    roles: ['publisher'],
    sources: ['alertmanager', 'grafana'],
    name: 'alerting',
  },
  // An on-call engineer's key: it holds a break-glass role, may publish for the pipelines' sources, and
  // may grant its role to other keys.
  {
    key: 'test-oncall-key',
    roles: ['publisher', 'reviewer'],
    sources: ['argo-cd', 'ones'],
    breakGlassRoles: ['incident-commander'],
    name: 'oncall-ana',
  },
  { key: 'test-publisher-github', roles: ['publisher'], sources: ['github'], name: 'github' },
] as const;

export const KEYS = {
  admin: API_KEYS[0].key,
  publisher: API_KEYS[1].key,
  reviewer: API_KEYS[2].key,
  alerting: API_KEYS[3].key,
  oncall: API_KEYS[4].key,
  github: API_KEYS[5].key,
};

/** A route as Fastify registered it: `url` is the pattern (`/v1/changes/:changeId`). */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}

export interface TestApp extends RunningApp {
  readonly baseUrl: string;
  /** Every route the app registered (HEAD routes Fastify adds for GETs left out), in registration order. */
  readonly routes: readonly RegisteredRoute[];
}

/** The real application, in this process, on a random port, against the given database. */
export async function startTestApp(env: Record<string, string>): Promise<TestApp> {
  const config = loadConfig({
    API_KEYS: JSON.stringify(API_KEYS),
    INTAKE_INTEGRATIONS: JSON.stringify(INTAKE_INTEGRATIONS),
    LOG_LEVEL: 'warn',
    PORT: '1',
    // In Kafka mode each app publishes its checkpoints to a topic of its own, as suites have their own
    // databases: apps of other suites on one shared topic would keep moving each other's end offset.
    AUDIT_CHECKPOINT_TOPIC: `audit-checkpoints-${randomBytes(6).toString('hex')}`,
    ...env,
  });
  const running = await createApp(config);
  // Nest registers its routes when the app initialises (in listen), so a hook added now sees them all.
  const routes: RegisteredRoute[] = [];
  (running.app.getHttpAdapter().getInstance() as FastifyInstance).addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  await running.app.listen(0, '127.0.0.1');
  const server = running.app.getHttpServer() as Server;
  const address = server.address() as AddressInfo;
  return { ...running, baseUrl: `http://127.0.0.1:${address.port}`, routes };
}
