import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type RunningApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';

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
  { key: 'test-publisher-github', roles: ['publisher'], sources: ['github'], name: 'github' },
] as const;

export const KEYS = {
  admin: API_KEYS[0].key,
  publisher: API_KEYS[1].key,
  reviewer: API_KEYS[2].key,
  alerting: API_KEYS[3].key,
  github: API_KEYS[4].key,
};

export interface TestApp extends RunningApp {
  readonly baseUrl: string;
}

/** The real application, in this process, on a random port, against the given database. */
export async function startTestApp(env: Record<string, string>): Promise<TestApp> {
  const config = loadConfig({ API_KEYS: JSON.stringify(API_KEYS), LOG_LEVEL: 'warn', PORT: '1', ...env });
  const running = await createApp(config);
  await running.app.listen(0, '127.0.0.1');
  const server = running.app.getHttpServer() as Server;
  const address = server.address() as AddressInfo;
  return { ...running, baseUrl: `http://127.0.0.1:${address.port}` };
}
