import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { PollingLoop } from '../../common/polling-loop';
import type { AppConfig, TopologyScrapeConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { describeErrors } from '../../contracts/contract-validator';
import { TOPOLOGY_VALIDATOR, type TopologyValidator } from '../../contracts/topology-validator';
import { ReplaceTopologyCommand } from '../commands/replace-topology/replace-topology.command';
import { sameEdges, serviceGraphEdges } from '../domain/service-graph-metrics';
import { TopologyReader } from './topology.reader';

/** A scrape that takes longer is abandoned (and retried at the next interval). */
const SCRAPE_TIMEOUT_MS = 10_000;
/** Larger exposition bodies are refused: 20,000 edges of long names fit well within. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
export const SCRAPED_TOPOLOGY_SOURCE = 'otel-service-graph';

export type ScrapeOutcome = 'appended' | 'unchanged' | 'empty';

/**
 * Reads the call graph from the OpenTelemetry collector's service-graph metrics (TOPOLOGY_SCRAPE_URL) at
 * every interval and adds a topology version, effective when scraped, only when the set of edges differs
 * from the version in force for its scope (TOPOLOGY_SCRAPE_ENVIRONMENT, else global). A scrape with no
 * series at all changes nothing: a collector that just restarted has forgotten its graph, and an empty
 * graph would hide every dependency.
 */
@Injectable()
export class TopologyScraper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TopologyScraper.name);
  private readonly config: TopologyScrapeConfig | undefined;
  private readonly loop: PollingLoop | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(TOPOLOGY_VALIDATOR) private readonly validator: TopologyValidator,
    private readonly commands: CommandBus,
    private readonly reader: TopologyReader,
  ) {
    this.config = config.topologyScrape;
    this.loop =
      this.config === undefined
        ? undefined
        : new PollingLoop(this.config.intervalMs, () => this.scrape(), this.logger, 'topology scrape');
  }

  onApplicationBootstrap(): void {
    this.loop?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop?.stop();
  }

  /** One scrape; what it did. Throws (the loop logs and retries) when the endpoint cannot be read. */
  async scrape(): Promise<ScrapeOutcome> {
    const config = this.config;
    if (config === undefined) throw new Error('TOPOLOGY_SCRAPE_URL is not set');
    const response = await fetch(config.url, {
      headers: { accept: 'text/plain;version=0.0.4' },
      signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`${config.url} answered ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_BODY_BYTES)
      throw new Error(`${config.url} sent ${length} bytes, over ${MAX_BODY_BYTES}`);
    const text = await response.text();
    if (text.length > MAX_BODY_BYTES) throw new Error(`${config.url} sent over ${MAX_BODY_BYTES} bytes`);
    const edges = serviceGraphEdges(text);
    if (edges.length === 0) return 'empty';
    const inForce = await this.reader.inForce(new Date(), config.environment);
    const sameScope = inForce !== undefined && inForce.environment === config.environment;
    if (sameScope && sameEdges(inForce.topology.edges, edges)) return 'unchanged';
    // Held to the contract like any other version (names of at most 128 characters, 20,000 edges).
    const checked = this.validator.check({
      source: SCRAPED_TOPOLOGY_SOURCE,
      ...(config.environment === undefined ? {} : { environment: config.environment }),
      edges,
    });
    if (!checked.ok)
      throw new Error(`the graph from ${config.url} is refused: ${describeErrors(checked.errors)}`);
    await this.commands.execute(
      new ReplaceTopologyCommand([
        { event: checked.value, metadata: { receivedVia: 'scrape', url: config.url } },
      ]),
    );
    this.logger.log(`topology from ${config.url}: ${edges.length} edges, a new version`);
    return 'appended';
  }
}
