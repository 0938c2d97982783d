import { featureInputs } from '../core/features/feature-columns.js';
import { scoreRecords } from '../core/scoring/score-records.js';
import type { SegflowDatabase } from '../db/open-database.js';
import { loadRunModel, loadRunSegments } from '../db/repositories/model-repository.js';
import { csvScoreRequestSchema, scoreRequestSchema } from '../schemas/score-request.js';

/** Records to score, as the caller sent them: a parsed JSON body, or CSV text. */
export type ScoreInput = { format: 'json'; body: unknown } | { format: 'csv'; text: string };

export interface ScoredRecord {
  id: string | null;
  segment: number;
  segmentId: string;
  name: string;
  /** Distance to every centroid, in the order of ScoreResponse.segments. */
  distances: number[];
  /** Nearest centroid; differs from `segment` only where a bisecting tree leads elsewhere. */
  nearestSegment: number;
}

export interface ScoreResponse {
  runId: string;
  algorithm: 'kmeans' | 'bisecting';
  segments: Array<{ segment: number; segmentId: string; name: string }>;
  records: ScoredRecord[];
}

/** Validates records against the run's model (ZodError naming the field) and scores them with its stored scaler, weights and centroids. */
export async function scoreRunRecords(database: SegflowDatabase, runId: string, input: ScoreInput): Promise<ScoreResponse> {
  const model = await loadRunModel(database, runId);
  const inputs = featureInputs(model.featureNames);
  const request = input.format === 'csv' ? csvScoreRequestSchema(inputs).parse(input.text) : scoreRequestSchema(inputs).parse(input.body);
  const segments = await loadRunSegments(database, runId);
  const records = scoreRecords(model, request.records).map((score) => ({
    id: score.id,
    segment: score.segment,
    segmentId: segments[score.segment].segmentId,
    name: segments[score.segment].name,
    distances: score.distances,
    nearestSegment: score.nearestSegment,
  }));
  return { runId, algorithm: model.algorithm, segments, records };
}
