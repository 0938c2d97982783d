import type { NormalizerKind } from './identity-rules.js';
import { createPhoneNormalizer } from './phone-normalizer.js';

/**
 * Turns a raw identifier into its comparable form. '' means "empty" (the
 * built-in blocked list counts it as junk); null means malformed (invalid).
 */
export type Normalizer = (raw: string) => string | null;

/** Trimmed and lowercased; a value without '@' is not an email at all. */
export function normalizeEmail(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  if (value === '') return '';
  return value.includes('@') ? value : null;
}

/** Ids are opaque and case-sensitive: only surrounding whitespace goes. */
export function normalizeId(raw: string): string {
  return raw.trim();
}

export function createNormalizer(kind: NormalizerKind, defaultCountry: string): Normalizer {
  switch (kind) {
    case 'email':
      return normalizeEmail;
    case 'id':
      return normalizeId;
    case 'phone': {
      const phone = createPhoneNormalizer(defaultCountry);
      return (raw: string): string | null => (raw.trim() === '' ? '' : phone(raw));
    }
  }
}
