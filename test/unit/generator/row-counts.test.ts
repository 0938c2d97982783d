import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countBatch, createRowCounts, sourceRowTotal } from '../../../generator/row-counts.js';
import { sourceTables, truthTables } from '../../../generator/source-tables.js';
import { collectBatches, tableRows } from './collect-tables.js';

describe('row counts', () => {
  it('starts every table at zero', () => {
    const counts = createRowCounts();
    assert.deepEqual(Object.keys(counts).sort(), [...Object.keys(sourceTables), ...Object.keys(truthTables)].sort());
    assert.ok(Object.values(counts).every((count) => count === 0));
  });

  it('counts the rows of every batch per table, sources apart from truth', () => {
    const batches = collectBatches({ people: 400, batchSize: 700 });
    const counts = batches.reduce(countBatch, createRowCounts());
    const tables = tableRows(batches);
    for (const [table, rows] of Object.entries(tables)) assert.equal(counts[table as keyof typeof counts], rows.length, table);
    const truthRows = tables.people.length + tables.record_owners.length;
    const allRows = batches.reduce((total, batch) => total + batch.rows.length, 0);
    assert.equal(sourceRowTotal(counts), allRows - truthRows);
  });
});
