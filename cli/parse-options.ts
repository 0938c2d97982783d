import { UsageError } from './usage-error.js';

export function parseCount(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} must be a whole number >= 0, got '${text}'`);
  return value;
}

export function parseShare(flag: string, text: string): number {
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new UsageError(`${flag} must be a number from 0 to 1, got '${text}'`);
  return value;
}
