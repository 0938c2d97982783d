import { Metadata, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { CountryCode } from 'libphonenumber-js/min';

/** Turns a raw phone string into E.164, or null when it is not a valid number. */
export type PhoneNormalizer = (raw: string) => string | null;

/**
 * The parts of libphonenumber-js's runtime Metadata we read. Its published
 * typings only cover a few of these methods, so this is the one typed view.
 */
interface NumberingPlanView {
  leadingDigits(): string | undefined;
  nationalNumberPattern(): string;
  type(name: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}
interface MetadataView {
  selectNumberingPlan(country: string): void;
  numberingPlan: NumberingPlanView;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
}

/** Same order libphonenumber-js checks number types in (getNumberType). */
const numberTypes = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

interface CountryPlan {
  readonly leadingDigits: RegExp | null;
  readonly general: RegExp;
  readonly types: readonly { readonly pattern: RegExp; readonly lengths: readonly number[] | undefined }[];
}

/** Formatting characters people put in phone numbers; anything else sends the input to the full parser. */
const phoneFormatting = /[\s().\-\/]/g;
const digitsOnly = /^\+?\d+$/;

/**
 * E.164 with libphonenumber-js validity. parsePhoneNumberFromString costs
 * ~25 µs for +1 numbers (it tries the type regexes of all 25 NANP countries),
 * which is ~25 s for a million phones. NANP numbers written as digits plus
 * formatting (+1 ..., or national when the default country is in NANP) are
 * canonicalized here and validated against libphonenumber's own metadata with
 * regexes compiled once, replicating its country selection
 * (getCountryByNationalNumber) and isValid() (~0.5 µs). Everything else goes
 * through libphonenumber-js itself.
 *
 * A national number and its +-form get the same answer: validity is that of
 * the E.164 form (so a Canadian number written nationally with default country
 * US is valid, as +1 416... is).
 */
export function createPhoneNormalizer(defaultCountry: string): PhoneNormalizer {
  const metadata = new Metadata() as unknown as MetadataView;
  const country = defaultCountry as CountryCode;
  const defaultCallingCode = callingCodeOf(metadata, defaultCountry);
  const nanpPlans = (metadata.getCountryCodesForCallingCode('1') ?? []).map((code) => compilePlan(metadata, code));
  const validNanp = (national: string): string | null => (isValidNational(nanpPlans, national) ? `+1${national}` : null);

  const parseFully = (raw: string): string | null => {
    const parsed = parsePhoneNumberFromString(raw, country);
    return parsed !== undefined && parsed.isValid() ? parsed.number : null;
  };

  return (raw: string): string | null => {
    const compact = raw.replace(phoneFormatting, '');
    if (!digitsOnly.test(compact)) return parseFully(raw);
    // Only +1 (NANP) is fast-pathed: elsewhere libphonenumber also strips a
    // stray trunk prefix ("+44 (0)20 ...") that a plain pattern check would reject.
    if (compact.charCodeAt(0) === 43 /* + */) {
      return compact.charCodeAt(1) === 49 /* 1 */ ? validNanp(compact.slice(2)) : parseFully(raw);
    }
    if (defaultCallingCode === '1') {
      // No NANP national number starts with 0 (area codes are 2-9, the trunk
      // prefix is 1), so libphonenumber finds these invalid; only 011, the
      // international prefix, can start a valid one. Common in CRM exports
      // ("001 617 ..."), and each cost the full parser ~25 µs.
      if (compact.charCodeAt(0) === 48 /* 0 */ && !compact.startsWith('011')) return null;
      // NANP national forms: 10 digits, or 11 with the trunk prefix 1.
      if (compact.length === 10) return validNanp(compact);
      if (compact.length === 11 && compact.charCodeAt(0) === 49 /* 1 */) return validNanp(compact.slice(1));
    }
    return parseFully(raw);
  };
}

function callingCodeOf(metadata: MetadataView, country: string): string {
  metadata.selectNumberingPlan(country);
  return (metadata.numberingPlan as unknown as { callingCode(): string }).callingCode();
}

function compilePlan(metadata: MetadataView, country: string): CountryPlan {
  metadata.selectNumberingPlan(country);
  const plan = metadata.numberingPlan;
  const leading = plan.leadingDigits();
  const types: { pattern: RegExp; lengths: readonly number[] | undefined }[] = [];
  for (const name of numberTypes) {
    const type = plan.type(name);
    const pattern = type?.pattern();
    if (type === undefined || !pattern) continue;
    types.push({ pattern: entirely(pattern), lengths: type.possibleLengths() });
  }
  return {
    leadingDigits: leading ? new RegExp(`^(?:${leading})`) : null,
    general: entirely(plan.nationalNumberPattern()),
    types,
  };
}

function entirely(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/** libphonenumber's getCountryByNationalNumber followed by isValid() for the chosen country. */
function isValidNational(plans: readonly CountryPlan[], national: string): boolean {
  if (plans.length === 1) return matchesPlan(plans[0], national);
  for (const plan of plans) {
    if (plan.leadingDigits !== null) {
      if (plan.leadingDigits.test(national)) return matchesPlan(plan, national);
    } else if (matchesPlan(plan, national)) {
      return true;
    }
  }
  return false;
}

function matchesPlan(plan: CountryPlan, national: string): boolean {
  if (!plan.general.test(national)) return false;
  if (plan.types.length === 0) return true;
  for (const type of plan.types) {
    if (type.lengths !== undefined && !type.lengths.includes(national.length)) continue;
    if (type.pattern.test(national)) return true;
  }
  return false;
}
