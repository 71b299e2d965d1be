// Shared by the intake e2e suites: sending a payload as a tool sends it, reading what was stored and
// what was refused. Not a test file itself (no `.test.ts`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KEYS, type TestApp } from '../support/app';
import type { StoredIntakeRejection } from '../../src/intake/rejections/intake-rejections';

export const FIXTURES = path.resolve(__dirname, '../fixtures');

/** A fixture's text exactly as stored (signatures are over these bytes). */
export const fixtureText = (file: string): string => readFileSync(path.join(FIXTURES, file), 'utf8');
export const fixtureJson = (file: string): unknown => JSON.parse(fixtureText(file));

export interface Sent {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly contentType: string | null;
}

/** POSTs `body` (text, sent as is) with the headers a tool would send. */
export async function send(
  app: TestApp,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<Sent> {
  const res = await fetch(`${app.baseUrl}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    contentType: res.headers.get('content-type'),
  };
}

/** The events stored for a change, as published. */
export async function storedEvents(app: TestApp, source: string, changeId: string): Promise<unknown[]> {
  const res = await fetch(
    `${app.baseUrl}/v1/changes/${encodeURIComponent(source)}/${encodeURIComponent(changeId)}`,
    { headers: { authorization: `Bearer ${KEYS.reviewer}` } },
  );
  if (res.status === 404) return [];
  const detail = (await res.json()) as { events: { event: unknown }[] };
  return detail.events.map((e) => e.event);
}

/** GET /v1/intake/rejections with a key. */
export async function rejections(
  app: TestApp,
  key: string,
  query = '',
): Promise<{ status: number; items: StoredIntakeRejection[] }> {
  const res = await fetch(`${app.baseUrl}/v1/intake/rejections${query}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const body = (await res.json()) as { items?: StoredIntakeRejection[] };
  return { status: res.status, items: body.items ?? [] };
}

export const isProblem = (sent: Sent): boolean =>
  sent.contentType?.startsWith('application/problem+json') === true &&
  typeof sent.body['status'] === 'number';
