// The pure parts of the CDEvents intake: each conformance example maps to its golden event; ids, purls,
// source bindings and the CloudEvents bindings' modes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  cdEventId,
  IncidentInstances,
  mapCdEvent,
  purlNameAndVersion,
} from '../../../src/cdevents/domain/cdevent-mapping';
import {
  decodeHttpCloudEvents,
  decodeKafkaCloudEvent,
} from '../../../src/cdevents/domain/cloudevents-binding';
import { bindSource, parseSourceBindings } from '../../../src/cdevents/domain/source-bindings';

const FIXTURES = path.resolve(__dirname, '../../fixtures/cdevents-v0.5.1');
const read = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as Record<string, unknown>;

const GOLDEN = [
  'service_deployed',
  'service_upgraded',
  'service_rolledback',
  'service_removed',
  'environment_created',
  'environment_modified',
  'environment_deleted',
  'incident_detected',
  'incident_reported',
  'incident_resolved',
];

describe('mapCdEvent', () => {
  it.each(GOLDEN)('maps the conformance example %s to its golden event', (name) => {
    const cdevent = read(`${name}.json`);
    const source = name.startsWith('incident') ? 'grafana' : 'argo-cd';
    const mapped = mapCdEvent(cdevent, { source });
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect({ kind: mapped.kind, event: mapped.event }).toEqual(read(`golden/${name}.json`));
  });

  it('refuses a type it does not map, or a version it does not accept, naming the type', () => {
    const unknown = mapCdEvent(read('build_started.json'), { source: 'argo-cd' });
    expect(unknown).toMatchObject({ ok: false, reason: 'unknown_type' });
    expect(JSON.stringify(unknown)).toContain('dev.cdevents.build.started.0.3.0');
    const deployed = read('service_deployed.json');
    for (const version of ['0.4.0', '1.0.0', '0.3.0-draft', '0.0.1']) {
      const context = {
        ...(deployed['context'] as object),
        type: `dev.cdevents.service.deployed.${version}`,
      };
      const mapped = mapCdEvent({ ...deployed, context }, { source: 'argo-cd' });
      expect(mapped).toMatchObject({ ok: false, reason: 'unknown_type' });
      expect(JSON.stringify(mapped)).toContain(`version ${version} is not accepted`);
    }
    const older = { ...(deployed['context'] as object), type: 'dev.cdevents.service.deployed.0.1.2' };
    expect(mapCdEvent({ ...deployed, context: older }, { source: 'argo-cd' }).ok).toBe(true);
  });

  it('names the missing field instead of mapping half an event', () => {
    const deployed = read('service_deployed.json');
    const mapped = mapCdEvent({ ...deployed, subject: { id: 'x', content: {} } }, { source: 'argo-cd' });
    expect(mapped).toEqual({
      ok: false,
      reason: 'invalid',
      errors: [
        { field: '/subject/content/environment', message: '/subject/content/environment is required' },
      ],
    });
  });

  it('derives change ids from context source, id and type, never starting with $', () => {
    const id = cdEventId('/event/source/123', '$weird id', 'dev.cdevents.service.deployed.0.3.0');
    expect(id).toMatch(/^cdevents:[0-9a-f]{32}$/);
    expect(cdEventId('/a', '1', 't')).not.toBe(cdEventId('/b', '1', 't'));
    expect(cdEventId('/a', '1', 't')).not.toBe(cdEventId('/a', '1', 'u'));
  });

  it('joins later incident events to the instance open at their timestamp', () => {
    const instances = new IncidentInstances();
    instances.add('inc', '2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z');
    instances.add('inc', '2026-01-01T12:00:00Z');
    expect(instances.openAt('inc', '2026-01-01T10:30:00Z')).toBe('2026-01-01T10:00:00Z');
    expect(instances.openAt('inc', '2026-01-01T11:00:00Z')).toBe('2026-01-01T10:00:00Z');
    expect(instances.openAt('inc', '2026-01-01T11:30:00Z')).toBeUndefined();
    expect(instances.openAt('inc', '2026-01-01T13:00:00Z')).toBe('2026-01-01T12:00:00Z');
    expect(instances.openAt('other', '2026-01-01T13:00:00Z')).toBeUndefined();
  });
});

describe('purlNameAndVersion', () => {
  it('reads the name and decoded version of a package URL', () => {
    expect(purlNameAndVersion('pkg:oci/myapp@sha256%3A0b31?repository_url=ghcr.io/org')).toEqual({
      name: 'myapp',
      version: 'sha256:0b31',
    });
    expect(purlNameAndVersion('pkg:npm/%40scope/web-ui@1.2.3')).toEqual({ name: 'web-ui', version: '1.2.3' });
    expect(purlNameAndVersion('pkg:golang/github.com/org/api')).toEqual({ name: 'api' });
    expect(purlNameAndVersion('myapp:1.0')).toBeUndefined();
  });
});

describe('source bindings', () => {
  const bindings = parseSourceBindings(
    '/argocd=argo-cd,/argocd/prod=argo-prod,https://ci.example.com/=tekton',
    'X',
  );

  it('binds by the longest prefix on whole path segments', () => {
    expect(bindSource(bindings, '/argocd/prod/apps/7')).toBe('argo-prod');
    expect(bindSource(bindings, '/argocd/staging')).toBe('argo-cd');
    expect(bindSource(bindings, '/argocd')).toBe('argo-cd');
    expect(bindSource(bindings, '/argocd-other')).toBeUndefined();
    expect(bindSource(bindings, '/argocd/production')).toBe('argo-cd');
    expect(bindSource(bindings, 'https://ci.example.com/pipelines/1')).toBe('tekton');
    expect(bindSource(bindings, 'https://ci.example.com.evil/')).toBeUndefined();
  });

  it('names a bad entry', () => {
    expect(() => parseSourceBindings('/a=Bad Name', 'CDEVENTS_SOURCES')).toThrow(
      /CDEVENTS_SOURCES entry "\/a=Bad Name"/,
    );
    expect(() => parseSourceBindings('/a=x,/a=y', 'CDEVENTS_SOURCES')).toThrow(/names "\/a" twice/);
  });
});

describe('CloudEvents bindings', () => {
  const data = { context: { type: 't' } };
  const attributes = { specversion: '1.0', id: '1', source: '/s', type: 't' };

  it('reads HTTP binary, structured and batch mode, whatever the case and parameters of the headers', () => {
    const binary = decodeHttpCloudEvents(
      {
        'content-type': 'application/json; charset=utf-8',
        'ce-specversion': '1.0',
        'ce-id': '1',
        'ce-source': '/s',
        'ce-type': 't',
      },
      data,
      10,
    );
    expect(binary).toEqual({
      ok: true,
      mode: 'binary',
      events: [{ ok: true, envelope: { ...attributes, data }, dataPointer: '' }],
    });
    const structured = decodeHttpCloudEvents(
      { 'content-type': 'Application/CloudEvents+JSON; charset=utf-8' },
      { ...attributes, data },
      10,
    );
    expect(structured).toMatchObject({
      ok: true,
      mode: 'structured',
      events: [{ ok: true, dataPointer: '/data' }],
    });
    const batch = decodeHttpCloudEvents(
      { 'content-type': 'application/cloudevents-batch+json' },
      [{ ...attributes, data }, { data }],
      10,
    );
    expect(batch).toMatchObject({ ok: true, mode: 'batch', events: [{ ok: true }, { ok: false }] });
    expect(JSON.stringify(batch)).toContain('/id is required (CloudEvents attribute id)');
  });

  it('does not make up missing attributes, and refuses other spec versions and non-JSON data', () => {
    const noId = decodeHttpCloudEvents(
      { 'ce-specversion': '1.0', 'ce-source': '/s', 'ce-type': 't' },
      data,
      10,
    );
    expect(noId).toMatchObject({ ok: true, events: [{ ok: false, errors: [{ field: 'ce-id' }] }] });
    const v03 = decodeHttpCloudEvents(
      { 'content-type': 'application/cloudevents+json' },
      { ...attributes, specversion: '0.3', data },
      10,
    );
    expect(JSON.stringify(v03)).toContain('only CloudEvents 1.0 is accepted');
    const base64 = decodeHttpCloudEvents(
      { 'content-type': 'application/cloudevents+json' },
      { ...attributes, data_base64: 'e30=' },
      10,
    );
    expect(JSON.stringify(base64)).toContain('/data_base64 is not accepted');
    expect(decodeHttpCloudEvents({ 'content-type': 'application/json' }, data, 10)).toMatchObject({
      ok: false,
    });
    expect(
      decodeHttpCloudEvents({ 'content-type': 'application/cloudevents-batch+json' }, [], 10),
    ).toMatchObject({ ok: false });
  });

  it('reads Kafka binary (ce_ headers, as buffers) and structured mode', () => {
    const binary = decodeKafkaCloudEvent(
      {
        ce_specversion: Buffer.from('1.0'),
        ce_id: Buffer.from('1'),
        ce_source: Buffer.from('/s'),
        ce_type: Buffer.from('t'),
      },
      data,
    );
    expect(binary).toEqual({ ok: true, envelope: { ...attributes, data }, dataPointer: '' });
    const structured = decodeKafkaCloudEvent(
      { 'content-type': Buffer.from('application/cloudevents+json') },
      { ...attributes, data },
    );
    expect(structured).toMatchObject({ ok: true, dataPointer: '/data' });
    expect(decodeKafkaCloudEvent({}, data)).toMatchObject({ ok: false });
  });
});
