import {
  BadRequestException,
  Body,
  Controller,
  Get,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import type { Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { incidentPointer, WEAK_SUSPECT_SCORE } from '../domain/incident-pointer';
import type { RankingQuality } from '../domain/quality';
import { SuspectRanking } from '../infrastructure/suspect-ranking';
import { trainingCandidate } from '../domain/ranking';
import type { DelayProfile } from '../domain/delay-profile';
import { Verdicts, type RecordedVerdict } from '../infrastructure/verdicts';
import { CorrelationWeights } from '../infrastructure/correlation-weights';
import { weightsInUse, type TrainedWeights } from '../domain/weights-stream';
import {
  MIN_TRAINING_CAUSES,
  MIN_TRAINING_VERDICTS,
  type FactorWeights,
  type TimeSplitEvaluation,
  type TrainingCounts,
  type WeightsInUse,
} from '../domain/weights';
import type { WeightsApplyRequestV1 } from '../../contracts/generated/weights-apply-request.v1';
import {
  alertSuspectsView,
  incidentSuspectsView,
  incidentView,
  type AlertSuspectsView,
  type IncidentSuspectsView,
  type IncidentView,
} from './suspect-views';
import { contractRejection } from '../../common/http/contract-rejection';
import { ContractValidator } from '../../contracts/contract-validator';
import type { VerdictRequestV1 } from '../../contracts/generated/verdict-request.v1';
import type { ReRankRequestV1 } from '../../contracts/generated/re-rank-request.v1';
import { parseInstant } from '../../common/instant';
import { SuspectsProjector } from '../infrastructure/suspects-projector';
import { IncidentsRequest, SuspectsRequest } from './suspects.request';
import { RequestContract } from '../../common/http/request-contract';

const DEFAULT_SUSPECTS = 10;

/** GET /v1/correlation/quality: the rankings' hit rates over the verdicts, and the weights behind them. */
export interface QualityView extends RankingQuality {
  readonly weights: {
    readonly version: number;
    readonly factors: FactorWeights;
    /** The delay profile in use (null: none, the priors' time factor alone). */
    readonly delays: DelayProfile | null;
    /** What trained the version in use (null for the priors). */
    readonly trainedOn: TrainingCounts | null;
  };
  readonly training: {
    /** The verdicts so far that training can use. */
    readonly available: TrainingCounts;
    readonly minimum: { readonly verdicts: number; readonly causes: number };
  };
  /** Trained on the earlier half of the verdicts, scored on the later half, against the priors. */
  readonly evaluation: TimeSplitEvaluation | null;
}
/** GET /v1/incidents and POST /v1/correlation/re-rank cover at most this much time per call. */
const MAX_INCIDENT_RANGE_MS = 31 * 24 * 3_600_000;

@Controller('v1')
export class SuspectsController {
  /** The body of a verdict (contract verdict-request.v1). */
  private readonly verdictRequests = new ContractValidator<VerdictRequestV1>('verdict-request.v1');
  private readonly reRankRequests = new ContractValidator<ReRankRequestV1>('re-rank-request.v1');
  private readonly applyRequests = new ContractValidator<WeightsApplyRequestV1>('weights-apply-request.v1');

  constructor(
    private readonly ranking: SuspectRanking,
    private readonly verdicts: Verdicts,
    private readonly projector: SuspectsProjector,
    private readonly weights: CorrelationWeights,
  ) {}

  /** The changes most likely to have caused an alert (by fingerprint or instance key), with reasons. */
  @Get('alerts/:id/suspects')
  @Roles('reviewer')
  async alertSuspects(
    @Param('id') id: string,
    @Query() request: SuspectsRequest,
  ): Promise<AlertSuspectsView> {
    const ranking = await this.ranking.forAlert(id);
    if (ranking === undefined) throw new NotFoundException(`no alert with fingerprint or key "${id}"`);
    const best = ranking.suspects[0];
    // The incident is grouped only when the alert's own answer is weak: it costs another read.
    const incident =
      best === undefined || best.score < WEAK_SUSPECT_SCORE
        ? await this.ranking.incidentOf(ranking.alert)
        : undefined;
    return alertSuspectsView(ranking, request.limit ?? DEFAULT_SUSPECTS, incidentPointer(ranking, incident));
  }

  /** A reviewer's verdict on one suspect; feeds GET /v1/correlation/quality. */
  @Post('alerts/:id/verdicts')
  @RequestContract('verdict-request.v1')
  @Roles('reviewer')
  async verdict(
    @Param('id') id: string,
    @Body() input: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecordedVerdict> {
    const checked = this.verdictRequests.check(input);
    if (!checked.ok) throw contractRejection(checked.errors);
    const body = checked.value;
    const ranking = await this.ranking.forAlert(id);
    if (ranking === undefined) throw new NotFoundException(`no alert with fingerprint or key "${id}"`);
    const suspect = ranking.suspects.find(
      (s) => s.changeId === body.changeId && (body.source === undefined || s.change.source === body.source),
    );
    return this.verdicts.record(
      {
        alertKey: ranking.alert.key,
        source: body.source ?? suspect?.change.source ?? '',
        changeId: body.changeId,
        verdict: body.verdict,
        rank: suspect?.rank ?? null,
        note: body.note ?? null,
        by: principal.name,
      },
      {
        weightsVersion: ranking.weights.version,
        candidates: ranking.suspects.map((s) => trainingCandidate(s, ranking.alert)),
      },
    );
  }

  @Get('correlation/quality')
  @Roles('reviewer')
  async quality(): Promise<QualityView> {
    const [quality, state, { counts, evaluation }] = await Promise.all([
      this.verdicts.quality(),
      this.weights.state(),
      this.weights.evaluation(),
    ]);
    const applied = state.versions.find((v) => v.version === state.applied);
    return {
      ...quality,
      weights: {
        version: applied?.version ?? 0,
        factors: weightsInUse(state).weights,
        delays: applied?.delays ?? null,
        trainedOn: applied?.trainedOn ?? null,
      },
      training: {
        available: counts,
        minimum: { verdicts: MIN_TRAINING_VERDICTS, causes: MIN_TRAINING_CAUSES },
      },
      evaluation,
    };
  }

  /**
   * Fits a new version of the factor weights from the verdicts so far (not applied until asked); 409
   * saying how many verdicts are missing while there are too few.
   */
  @Post('correlation/weights/train')
  @Roles('admin')
  async trainWeights(@CurrentPrincipal() principal: Principal): Promise<TrainedWeights> {
    return this.weights.train(principal.name);
  }

  /** Rankings from now on use this version of the weights (0: the priors). */
  @Post('correlation/weights/apply')
  @RequestContract('weights-apply-request.v1')
  @Roles('admin')
  async applyWeights(
    @Body() input: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WeightsInUse> {
    const checked = this.applyRequests.check(input);
    if (!checked.ok) throw contractRejection(checked.errors);
    return this.weights.apply(checked.value.version, principal.name);
  }

  /** Back to the priors (version 0). */
  @Post('correlation/weights/reset')
  @Roles('admin')
  async resetWeights(@CurrentPrincipal() principal: Principal): Promise<WeightsInUse> {
    return this.weights.reset(principal.name);
  }

  /**
   * Ranks again the alerts that started in [from, to) with what is known now (a backfilled topology, a
   * declared coverage) and records each ranking whose top suspects changed; recorded rankings otherwise
   * stay as they were.
   */
  @Post('correlation/re-rank')
  @RequestContract('re-rank-request.v1')
  @Roles('admin')
  async reRank(
    @Body() input: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ readonly ranked: number; readonly recorded: number; readonly truncated: boolean }> {
    const checked = this.reRankRequests.check(input);
    if (!checked.ok) throw contractRejection(checked.errors);
    const from = parseInstant(checked.value.from);
    const to = parseInstant(checked.value.to);
    if (from === undefined)
      throw contractRejection([{ field: '/from', message: '/from is not a storable instant' }]);
    if (to === undefined)
      throw contractRejection([{ field: '/to', message: '/to is not a storable instant' }]);
    if (from >= to) throw new BadRequestException('from must be before to');
    if (to.getTime() - from.getTime() > MAX_INCIDENT_RANGE_MS)
      throw new BadRequestException('from and to may be at most 31 days apart');
    return this.projector.reRank(from.getTime(), to.getTime(), {
      requestedBy: principal.name,
      ...(checked.value.reason === undefined ? {} : { reason: checked.value.reason }),
    });
  }

  /** Incidents whose first alert started in [from, to): alerts grouped by time and topology. */
  @Get('incidents')
  @Roles('reviewer')
  async incidents(@Query() request: IncidentsRequest): Promise<{ items: readonly IncidentView[] }> {
    const from = Date.parse(request.from);
    const to = Date.parse(request.to);
    if (from >= to) throw new BadRequestException('from must be before to');
    if (to - from > MAX_INCIDENT_RANGE_MS)
      throw new BadRequestException('from and to may be at most 31 days apart');
    return { items: (await this.ranking.incidents(from, to)).map(incidentView) };
  }

  /** An incident by its id (the key of its first alert) or by any of its alerts' keys or fingerprints. */
  @Get('incidents/:id')
  @Roles('reviewer')
  async incident(@Param('id') id: string): Promise<IncidentView> {
    const incident = await this.ranking.incident(id);
    if (incident === undefined) throw new NotFoundException(`no incident "${id}"`);
    return incidentView(incident);
  }

  @Get('incidents/:id/suspects')
  @Roles('reviewer')
  async incidentSuspects(
    @Param('id') id: string,
    @Query() request: SuspectsRequest,
  ): Promise<IncidentSuspectsView> {
    const incident = await this.ranking.incident(id);
    if (incident === undefined) throw new NotFoundException(`no incident "${id}"`);
    const ranking = await this.ranking.forIncident(incident);
    return incidentSuspectsView(incident, ranking, request.limit ?? DEFAULT_SUSPECTS);
  }
}
