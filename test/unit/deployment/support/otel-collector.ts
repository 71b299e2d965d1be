import { isRecord } from './compose';

const SECTIONS = ['receivers', 'processors', 'exporters'] as const;

/**
 * What an OpenTelemetry Collector would refuse at start-up for its wiring: pipelines without a receiver or
 * exporter, and references to receivers, processors, exporters or extensions that are not defined.
 */
export function collectorWiringProblems(config: unknown): string[] {
  if (!isRecord(config)) return ['the config is not a mapping'];
  const service = config['service'];
  if (!isRecord(service) || !isRecord(service['pipelines'])) return ['service.pipelines is missing'];
  const problems: string[] = [];
  const defined = (section: string, id: string): boolean => {
    const components = config[section];
    return isRecord(components) && id in components;
  };
  const ids = (value: unknown, at: string): string[] => {
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value;
    problems.push(`${at} must be a list of component ids`);
    return [];
  };
  for (const [name, pipeline] of Object.entries(service['pipelines'])) {
    if (!/^(traces|metrics|logs)(\/.+)?$/.test(name)) problems.push(`pipeline ${name}: unknown signal`);
    if (!isRecord(pipeline)) {
      problems.push(`pipeline ${name} must be a mapping`);
      continue;
    }
    for (const section of SECTIONS) {
      const used = ids(pipeline[section], `service.pipelines.${name}.${section}`);
      if (section !== 'processors' && used.length === 0) problems.push(`pipeline ${name} has no ${section}`);
      for (const id of used) {
        if (!defined(section, id))
          problems.push(`pipeline ${name} uses ${section}.${id}, which is not defined`);
      }
    }
  }
  for (const id of ids(service['extensions'], 'service.extensions')) {
    if (!defined('extensions', id)) problems.push(`service uses extensions.${id}, which is not defined`);
  }
  return problems;
}
