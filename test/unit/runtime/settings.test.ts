import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadSettings, SettingsError } from '../../../runtime/settings.js';

describe('settings from the environment', () => {
  it('defaults to the embedded database and a local Temporal server', () => {
    const settings = loadSettings({ HOME: '/home/someone' });
    assert.equal(settings.databaseUrl, undefined);
    assert.equal(settings.temporalAddress, undefined);
    assert.equal(settings.taskQueue, 'segflow');
    assert.equal(settings.heartbeatTimeoutSeconds, 120);
    assert.equal(settings.parallelReads, true);
    assert.ok(settings.embeddedDatabaseDirectory.endsWith(join('.data', 'pglite')));
  });

  it('treats empty variables as unset and reads the rest', () => {
    const settings = loadSettings({
      TEMPORAL_ADDRESS: '',
      DATABASE_URL: 'postgres://u@db:5432/x',
      SEGFLOW_CACHE_DIR: '/cache',
      PORT: '8080',
      SEGFLOW_PARALLEL_READS: 'false',
    });
    assert.equal(settings.temporalAddress, undefined);
    assert.equal(settings.databaseUrl, 'postgres://u@db:5432/x');
    assert.equal(settings.cacheDirectory, '/cache');
    assert.equal(settings.port, 8080);
    assert.equal(settings.parallelReads, false);
  });

  it('names the variable that is wrong', () => {
    assert.throws(() => loadSettings({ PORT: 'eighty' }), (error: unknown) => error instanceof SettingsError && /PORT/.test(error.message));
    assert.throws(() => loadSettings({ DATABASE_URL: 'not a url' }), /DATABASE_URL/);
    assert.throws(() => loadSettings({ SEGFLOW_PARALLEL_READS: 'yes' }), /SEGFLOW_PARALLEL_READS/);
  });
});
