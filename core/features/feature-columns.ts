import { OTHER_LEVEL, type CategoryFeatureDefinition, type FeatureDefinition } from '../../schemas/feature-definition.js';

/** One column of the feature matrix: a numeric feature, or the indicator of one level of a category. */
export interface FeatureColumn {
  /** `feature` for a numeric feature, `feature=level` for a level of a category. */
  readonly name: string;
  /** Index of the feature the column belongs to, in the run's feature order. */
  readonly feature: number;
  /** The level this column indicates; null for a numeric feature. */
  readonly level: string | null;
}

/** What a raw record gives for one feature, recovered from the stored column names for scoring. */
export interface FeatureInput {
  readonly name: string;
  /** Index of the feature's first column. */
  readonly column: number;
  /** A category's levels in column order (`other` last); null for a numeric feature. */
  readonly levels: readonly string[] | null;
}

/** A category's levels in column order: the listed ones, then `other`. */
export function categoryLevels(definition: CategoryFeatureDefinition): string[] {
  return [...definition.levels, OTHER_LEVEL];
}

/** The matrix columns of features, in order: one per numeric feature, one per level of each category. */
export function featureColumns(features: readonly FeatureDefinition[]): FeatureColumn[] {
  return features.flatMap<FeatureColumn>((definition, feature) =>
    definition.aggregate === 'mode'
      ? categoryLevels(definition).map((level) => ({ name: `${definition.name}=${level}`, feature, level }))
      : [{ name: definition.name, feature, level: null }],
  );
}

/**
 * The inverse of featureColumns on column names (feature names cannot contain
 * '=', so the first '=' separates feature and level): a stored model names its
 * columns only, and that is enough to encode raw records.
 */
export function featureInputs(columnNames: readonly string[]): FeatureInput[] {
  const inputs: Array<{ name: string; column: number; levels: string[] | null }> = [];
  columnNames.forEach((columnName, column) => {
    const separator = columnName.indexOf('=');
    if (separator < 0) {
      inputs.push({ name: columnName, column, levels: null });
      return;
    }
    const name = columnName.slice(0, separator);
    const level = columnName.slice(separator + 1);
    const last = inputs.at(-1);
    if (last?.name === name && last.levels !== null) last.levels.push(level);
    else inputs.push({ name, column, levels: [level] });
  });
  return inputs;
}
