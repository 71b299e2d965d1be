// The integrations the e2e app is configured with (INTAKE_INTEGRATIONS), and how each tool signs what it
// sends, for the intake tests, the authorisation matrix and the bad-input battery.
import { createHmac } from 'node:crypto';

export const SECRETS = {
  github: 'gh-secret-current-0001',
  githubPrevious: 'gh-secret-previous-0001',
  githubOther: 'gh-secret-other-00001',
  argocd: 'argo-secret-current-001',
  argocdPrevious: 'argo-secret-previous-01',
  launchdarkly: 'ld-secret-current-0001',
  generic: 'generic-secret-current',
  pagerdutyKey: 'pd0routing0key0checkout0000000001',
  pagerdutyOtherKey: 'pd0routing0key0payments0000000002',
} as const;

export const INTAKE_INTEGRATIONS = [
  {
    kind: 'github',
    name: 'gh-prod',
    source: 'github-prod',
    secrets: [SECRETS.github, SECRETS.githubPrevious],
  },
  { kind: 'github', name: 'gh-other', source: 'github-other', secrets: [SECRETS.githubOther] },
  {
    kind: 'argocd',
    name: 'argo-prod',
    source: 'argocd-prod',
    secrets: [SECRETS.argocd, SECRETS.argocdPrevious],
    environment: 'production',
  },
  { kind: 'launchdarkly', name: 'ld', source: 'launchdarkly', secrets: [SECRETS.launchdarkly] },
  {
    kind: 'generic',
    name: 'deployer',
    source: 'deployer',
    secrets: [SECRETS.generic],
    mapping: {
      fields: {
        eventId: '/id',
        changeId: '/deployment/id',
        occurredAt: '/at',
        phase: '/status',
        environment: '/target/env',
        service: '/deployment/app',
        versionTo: '/deployment/version',
        actorId: '/by',
        link: '/url',
      },
      defaults: { kind: 'deploy' },
      phases: { running: 'started', done: 'succeeded', broken: 'failed' },
    },
  },
  {
    kind: 'pagerduty',
    name: 'pd',
    routingKeys: [
      {
        key: SECRETS.pagerdutyKey,
        source: 'pagerduty-checkout',
        environment: 'production',
        service: 'checkout',
      },
      { key: SECRETS.pagerdutyOtherKey, source: 'pagerduty-payments', environment: 'staging' },
    ],
  },
] as const;

export const githubSignature = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export const ldSignature = (secret: string, body: string): string =>
  createHmac('sha256', secret).update(body).digest('hex');

/** The header Argo CD's webhook service and the generic webhook send the integration's secret in. */
export const SECRET_HEADER = 'x-intake-secret';

/**
 * Headers that authenticate `body` on an intake route as its integration would (by route pattern and
 * integration name); undefined for a route that is no intake.
 */
export function intakeHeaders(route: string, body: string): Record<string, string> | undefined {
  if (route.startsWith('POST /v1/intake/github/'))
    return {
      'x-github-event': 'deployment_status',
      'x-hub-signature-256': githubSignature(SECRETS.github, body),
    };
  if (route.startsWith('POST /v1/intake/launchdarkly/'))
    return { 'x-ld-signature': ldSignature(SECRETS.launchdarkly, body) };
  if (route.startsWith('POST /v1/intake/argocd/')) return { [SECRET_HEADER]: SECRETS.argocd };
  if (route.startsWith('POST /v1/intake/webhook/')) return { [SECRET_HEADER]: SECRETS.generic };
  if (route === 'POST /v2/change/enqueue') return {};
  return undefined;
}

/** The configured integration name of each intake route, for its `:integration` path parameter. */
export const INTEGRATION_OF_ROUTE: Readonly<Record<string, string>> = {
  github: 'gh-prod',
  argocd: 'argo-prod',
  launchdarkly: 'ld',
  webhook: 'deployer',
};
