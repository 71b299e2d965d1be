import { createHmac } from 'node:crypto';
import { isSignedByGitHub, webhooksMethods } from '../../../src/intake/github/github-signature';

const sign = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('GitHub signatures (@octokit/webhooks-methods, an ES module, loaded from CommonJS)', () => {
  const body = '{"zen":"Design for failure."}';

  it('loads the library and its verify works', async () => {
    const { verify, sign: octokitSign } = await webhooksMethods();
    expect(await octokitSign('s3cret-s3cret-s3cret', body)).toBe(sign('s3cret-s3cret-s3cret', body));
    expect(await verify('s3cret-s3cret-s3cret', body, sign('s3cret-s3cret-s3cret', body))).toBe(true);
  });

  it('accepts either of two secrets (rotation) and refuses others, a missing header and a changed body', async () => {
    const secrets = ['old-secret-old-secret', 'new-secret-new-secret'];
    expect(await isSignedByGitHub(secrets, body, sign('old-secret-old-secret', body))).toBe(true);
    expect(await isSignedByGitHub(secrets, body, sign('new-secret-new-secret', body))).toBe(true);
    expect(await isSignedByGitHub(secrets, body, sign('someone-elses-secret', body))).toBe(false);
    expect(await isSignedByGitHub(secrets, body, undefined)).toBe(false);
    expect(await isSignedByGitHub(secrets, body, 'sha1=abc')).toBe(false);
    expect(await isSignedByGitHub(secrets, `${body} `, sign('old-secret-old-secret', body))).toBe(false);
  });
});
