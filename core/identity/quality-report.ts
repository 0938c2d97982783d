import { linkOutcomes, noDropType } from './resolve-identities.js';
import type { IdentityResolution } from './resolve-identities.js';

export interface SizeDistribution {
  readonly min: number;
  readonly median: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export interface HistogramBucket {
  /** Inclusive bounds; max null for the open last bucket. */
  readonly min: number;
  readonly max: number | null;
  readonly profiles: number;
}

export interface DroppedLinkCount {
  readonly type: string;
  readonly reason: 'limit' | 'max_records';
  readonly limitType: string | null;
  readonly values: number;
  readonly occurrences: number;
}

export interface QualityReport {
  readonly records: number;
  readonly profiles: number;
  readonly recordsPerProfile: SizeDistribution;
  readonly histogram: readonly HistogramBucket[];
  readonly droppedLinks: readonly DroppedLinkCount[];
  readonly blockedOccurrences: number;
  /** Most frequent blocked values, by occurrences. */
  readonly blockedValues: readonly { readonly type: string; readonly value: string; readonly occurrences: number }[];
  readonly invalidByType: Readonly<Record<string, number>>;
  readonly largestProfiles: readonly { readonly profile: number; readonly records: number; readonly sampleRecordKeys: readonly string[] }[];
  /** Candidate components (everything the identifiers connect) above maxRecordsPerProfile: split by the guard. */
  readonly oversizedComponents: number;
}

export interface QualityReportOptions {
  readonly topBlockedValues?: number;
  readonly largestProfiles?: number;
  readonly sampleRecordKeys?: number;
}

/** Upper bounds of the histogram buckets; the last bucket is open. */
const bucketMaxima = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000];

export function buildQualityReport(resolution: IdentityResolution, options: QualityReportOptions = {}): QualityReport {
  const { profileOf, profileCount, candidateOf, candidateCount, input, valueOutcome, valueDropType, valueStart } = resolution;
  const { values, valueType, valueCount, invalidByType } = resolution.identifiers;
  const { typeNames, maxRecordsPerProfile } = resolution.compiled;
  const topBlocked = options.topBlockedValues ?? 20;
  const largestCount = options.largestProfiles ?? 10;
  const sampleSize = options.sampleRecordKeys ?? 5;
  const records = profileOf.length;

  const sizes = new Int32Array(profileCount);
  for (let r = 0; r < records; r++) sizes[profileOf[r]]++;
  const sorted = sizes.slice().sort();
  const quantile = (q: number): number => (profileCount === 0 ? 0 : sorted[Math.min(profileCount - 1, Math.floor(q * profileCount))]);
  const histogram = bucketMaxima.map((max, i) => ({ min: i === 0 ? 1 : bucketMaxima[i - 1] + 1, max: max as number | null, profiles: 0 }));
  histogram.push({ min: bucketMaxima[bucketMaxima.length - 1] + 1, max: null, profiles: 0 });
  for (let p = 0; p < profileCount; p++) {
    const bucket = bucketMaxima.findIndex((max) => sizes[p] <= max);
    histogram[bucket < 0 ? histogram.length - 1 : bucket].profiles++;
  }

  const dropped = new Map<string, DroppedLinkCount & { values: number; occurrences: number }>();
  const blocked: { type: string; value: string; occurrences: number }[] = [];
  let blockedOccurrences = 0;
  for (let v = 0; v < valueCount; v++) {
    const outcome = valueOutcome[v];
    const occurrences = valueStart[v + 1] - valueStart[v];
    if (outcome === linkOutcomes.blocked) {
      blockedOccurrences += occurrences;
      blocked.push({ type: typeNames[valueType[v]], value: values[v], occurrences });
    } else if (outcome === linkOutcomes.droppedLimit || outcome === linkOutcomes.droppedSize) {
      const reason = outcome === linkOutcomes.droppedLimit ? 'limit' : 'max_records';
      const limitType = valueDropType[v] === noDropType ? null : typeNames[valueDropType[v]];
      const key = `${valueType[v]}|${reason}|${limitType}`;
      const entry = dropped.get(key) ?? { type: typeNames[valueType[v]], reason, limitType, values: 0, occurrences: 0 };
      entry.values++;
      entry.occurrences += occurrences;
      dropped.set(key, entry);
    }
  }
  blocked.sort((a, b) => b.occurrences - a.occurrences || (a.value < b.value ? -1 : 1));

  // Only profiles at least as large as the k-th largest can be among the k largest: sort those, not millions.
  const threshold = profileCount <= largestCount ? 0 : sorted[profileCount - largestCount];
  const contenders: number[] = [];
  for (let p = 0; p < profileCount; p++) if (sizes[p] >= threshold) contenders.push(p);
  const largest = contenders.sort((a, b) => sizes[b] - sizes[a] || a - b).slice(0, largestCount);
  const samples = new Map<number, string[]>(largest.map((p) => [p, []]));
  for (let r = 0; r < records; r++) {
    const sample = samples.get(profileOf[r]);
    if (sample !== undefined && sample.length < sampleSize) sample.push(input.recordKeys.key(r));
  }

  const candidateSizes = new Int32Array(candidateCount);
  for (let r = 0; r < records; r++) candidateSizes[candidateOf[r]]++;
  let oversizedComponents = 0;
  for (let c = 0; c < candidateCount; c++) if (candidateSizes[c] > maxRecordsPerProfile) oversizedComponents++;

  let total = 0;
  for (let p = 0; p < profileCount; p++) total += sizes[p];
  return {
    records,
    profiles: profileCount,
    recordsPerProfile: {
      min: profileCount === 0 ? 0 : sorted[0],
      median: quantile(0.5),
      p90: quantile(0.9),
      p99: quantile(0.99),
      max: profileCount === 0 ? 0 : sorted[profileCount - 1],
      mean: profileCount === 0 ? 0 : total / profileCount,
    },
    histogram,
    droppedLinks: [...dropped.values()],
    blockedOccurrences,
    blockedValues: blocked.slice(0, topBlocked),
    invalidByType: Object.fromEntries(typeNames.map((name, t) => [name, invalidByType[t]])),
    largestProfiles: largest.map((p) => ({ profile: p, records: sizes[p], sampleRecordKeys: samples.get(p) ?? [] })),
    oversizedComponents,
  };
}
