import { readFileSync } from 'node:fs';
import request from 'supertest';
import { createTestDatabase } from '../support/database';
import { KEYS, startTestApp, type TestApp } from '../support/app';

describe('smoke', () => {
  let app: TestApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('stores an event and lists it', async () => {
    const event: unknown = JSON.parse(
      readFileSync('contracts/change-event.v1/examples/valid/deploy-started-argo-cd.json', 'utf8'),
    );
    await request(app.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .send(event as object)
      .expect(202);
    const res = await request(app.baseUrl)
      .get('/v1/changes')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .expect(200);
    expect((res.body as { items: unknown[] }).items).toHaveLength(1);
  });
});
