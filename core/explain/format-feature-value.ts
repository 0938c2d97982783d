import type { FeatureMeta } from './feature-meta.js';

const US = 'en-US';
const CURRENCY_SYMBOLS = new Set(['$', '€', '£', '¥', '₹', '₩']);

/**
 * A value in words for the marketer: whole numbers for counts and days,
 * currency-ish amounts ("$1,250", "$12.5k", "EUR 40"), percentages for
 * ratios within [0, 1] and flag shares, three significant digits otherwise.
 * `reference` (default |value|) picks the amount style, so both ends of a
 * range read alike ("$60-$178", not "$60.41-$178").
 */
export function formatFeatureValue(value: number, meta: FeatureMeta, reference: number = Math.abs(value)): string {
  switch (meta.kind) {
    case 'count':
    case 'days':
      return Math.round(value).toLocaleString(US);
    case 'amount':
      return formatAmount(value, meta.unit, reference);
    case 'ratio':
      return value >= 0 && value <= 1 ? formatPercent(value) : formatNumber(value);
    case 'flag':
      return formatPercent(value);
    case 'number':
      return formatNumber(value);
  }
}

export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function formatAmount(value: number, unit: string | undefined, reference: number): string {
  let digits: string;
  if (reference >= 10_000) {
    digits = value.toLocaleString(US, { notation: 'compact', maximumFractionDigits: 1 }).toLowerCase();
  } else if (reference >= 100 || Number.isInteger(value)) {
    digits = Math.round(value).toLocaleString(US);
  } else {
    digits = value.toLocaleString(US, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  if (unit === undefined) return digits;
  if (CURRENCY_SYMBOLS.has(unit)) return value < 0 ? `-${unit}${digits.slice(1)}` : `${unit}${digits}`;
  return `${unit} ${digits}`;
}

function formatNumber(value: number): string {
  return Number(value.toPrecision(3)).toLocaleString(US, { maximumFractionDigits: 6 });
}
