import { linkOutcomes, noDropType } from './resolve-identities.js';
import type { IdentityResolution } from './resolve-identities.js';

/** A refused link, one per record carrying the refused value: rows for an audit table. */
export interface DroppedLink {
  readonly recordKey: string;
  readonly type: string;
  readonly value: string;
  readonly reason: 'limit' | 'max_records';
  /** For reason 'limit': the type whose per-profile limit the join would have broken. */
  readonly limitType: string | null;
}

export function droppedLinks(resolution: IdentityResolution): DroppedLink[] {
  const { valueOutcome, valueDropType, valueStart, valueRecords, input } = resolution;
  const { values, valueType, valueCount } = resolution.identifiers;
  const { typeNames } = resolution.compiled;
  const dropped: DroppedLink[] = [];
  for (let v = 0; v < valueCount; v++) {
    const outcome = valueOutcome[v];
    if (outcome !== linkOutcomes.droppedLimit && outcome !== linkOutcomes.droppedSize) continue;
    const reason = outcome === linkOutcomes.droppedLimit ? 'limit' : 'max_records';
    const limitType = valueDropType[v] === noDropType ? null : typeNames[valueDropType[v]];
    for (let k = valueStart[v]; k < valueStart[v + 1]; k++) {
      dropped.push({ recordKey: input.recordKeys.key(valueRecords[k]), type: typeNames[valueType[v]], value: values[v], reason, limitType });
    }
  }
  return dropped;
}
