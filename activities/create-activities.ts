import type { SegflowDatabase } from '../db/open-database.js';
import { buildFeatures } from './build-features.js';
import { clusterProfiles } from './cluster-profiles.js';
import { computeReports } from './compute-reports.js';
import { publishAudience } from './publish-audience.js';
import { resolveIdentities } from './resolve-identities.js';
import { markRunFinished, markRunRunning } from './run-lifecycle.js';
import { scaleFeatures } from './scale-features.js';

/**
 * The activities a segflow worker registers, bound to its database. Each
 * takes a run id and reads and writes Postgres: no rows travel through
 * Temporal payloads.
 */
export function createActivities(database: SegflowDatabase) {
  return {
    markRunRunning: (runId: string) => markRunRunning(database, runId),
    markRunFinished: (runId: string, outcome: Parameters<typeof markRunFinished>[2]) => markRunFinished(database, runId, outcome),
    resolveIdentities: (runId: string) => resolveIdentities(database, runId),
    buildFeatures: (runId: string) => buildFeatures(database, runId),
    scaleFeatures: (runId: string) => scaleFeatures(database, runId),
    clusterProfiles: (runId: string) => clusterProfiles(database, runId),
    computeReports: (runId: string) => computeReports(database, runId),
    publishAudience: (runId: string) => publishAudience(database, runId),
  };
}

export type SegflowActivities = ReturnType<typeof createActivities>;
