import type { SegmentationConfig } from '../../schemas/segmentation-config.js';
import type { SegflowDatabase } from '../open-database.js';
import { NotFoundError } from './run-repository.js';

export interface StoredConfig {
  configId: string;
  name: string;
  spec: SegmentationConfig;
  createdAt: string;
}

/** Creates the config, or replaces the spec of the config with this id (its runs keep their audience). */
export async function saveConfig(database: SegflowDatabase, configId: string, spec: SegmentationConfig): Promise<StoredConfig> {
  const row = await database.db
    .insertInto('segflow.configs')
    .values({ config_id: configId, name: spec.name, spec: JSON.stringify(spec) })
    .onConflict((conflict) => conflict.column('config_id').doUpdateSet({ name: spec.name, spec: JSON.stringify(spec) }))
    .returning(['config_id', 'name', 'spec', 'created_at'])
    .executeTakeFirstOrThrow();
  return toStoredConfig(row);
}

export async function findConfig(database: SegflowDatabase, configId: string): Promise<StoredConfig> {
  const row = await database.db
    .selectFrom('segflow.configs')
    .select(['config_id', 'name', 'spec', 'created_at'])
    .where('config_id', '=', configId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`segmentation config ${configId} does not exist`);
  return toStoredConfig(row);
}

export async function listConfigs(database: SegflowDatabase): Promise<StoredConfig[]> {
  const rows = await database.db
    .selectFrom('segflow.configs')
    .select(['config_id', 'name', 'spec', 'created_at'])
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toStoredConfig);
}

function toStoredConfig(row: { config_id: string; name: string; spec: unknown; created_at: Date }): StoredConfig {
  return {
    configId: row.config_id,
    name: row.name,
    spec: row.spec as SegmentationConfig,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
