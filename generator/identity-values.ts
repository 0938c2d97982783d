import type { Random } from '../core/random.js';

/**
 * Names, email addresses and phone numbers as the upstream systems store
 * them, including the noise a real identity graph has to cope with: mixed
 * case and padding around emails, several phone formats, junk placeholders.
 */

export const firstNames: readonly string[] = [
  'james', 'mary', 'john', 'patricia', 'robert', 'jennifer', 'michael', 'linda', 'william', 'elizabeth',
  'david', 'barbara', 'richard', 'susan', 'joseph', 'jessica', 'thomas', 'sarah', 'charles', 'karen',
  'daniel', 'nancy', 'matthew', 'lisa', 'anthony', 'betty', 'mark', 'sandra', 'paul', 'ashley',
  'steven', 'emily', 'andrew', 'donna', 'kevin', 'michelle', 'brian', 'carol', 'george', 'amanda',
  'timothy', 'melissa', 'ronald', 'deborah', 'jason', 'stephanie', 'ryan', 'laura', 'jacob', 'olivia',
  'lucas', 'sofia', 'mateo', 'camila', 'noah', 'aisha', 'omar', 'mei', 'hiro', 'priya',
];

export const lastNames: readonly string[] = [
  'smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis', 'rodriguez', 'martinez',
  'hernandez', 'lopez', 'gonzalez', 'wilson', 'anderson', 'thomas', 'taylor', 'moore', 'jackson', 'martin',
  'lee', 'perez', 'thompson', 'white', 'harris', 'sanchez', 'clark', 'ramirez', 'lewis', 'robinson',
  'walker', 'young', 'allen', 'king', 'wright', 'scott', 'torres', 'nguyen', 'hill', 'flores',
  'green', 'adams', 'nelson', 'baker', 'hall', 'rivera', 'campbell', 'mitchell', 'carter', 'roberts',
  'kim', 'patel', 'chen', 'singh', 'muller', 'rossi', 'silva', 'kowalski', 'ivanova', 'tanaka',
];

export const webmailDomains: readonly string[] = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'proton.me'];

/** A few hundred plausible company domains ("northlabs.io"), so work emails cluster by employer. */
export const companyDomains: readonly string[] = (() => {
  const stems = ['north', 'blue', 'bright', 'data', 'cloud', 'green', 'iron', 'quant', 'swift', 'nova',
    'apex', 'orbit', 'pixel', 'terra', 'vector', 'lumen', 'acme', 'globex', 'initech', 'umbra'];
  const suffixes = ['labs', 'works', 'systems', 'corp', 'group', 'soft', 'analytics', 'retail'];
  const tlds = ['.com', '.io', '.co'];
  const domains: string[] = [];
  for (const stem of stems) for (const suffix of suffixes) for (const tld of tlds) domains.push(stem + suffix + tld);
  return domains;
})();

/** US area codes the phone numbers are spread over. */
export const areaCodes: readonly string[] = ['212', '310', '312', '415', '512', '617', '646', '702', '718', '801', '917', '206'];

/** Placeholders people type into required CRM fields; adversarial data for the identity graph. */
export const junkEmails: readonly string[] = ['test@test.com', 'n/a', 'N/A', 'none@none.com', 'noemail@example.com', 'x@x.com', 'unknown'];
export const junkPhones: readonly string[] = ['000-000-0000', '0000000000', '123-456-7890', 'n/a'];

/**
 * A clean lowercase address. `tag` (unique per address) keeps two people with
 * the same name from sharing an email, which would be a different person in
 * the ground truth but the same one to any resolver.
 */
export function buildEmail(first: string, last: string, style: number, tag: string, domain: string): string {
  switch (style % 4) {
    case 0:
      return `${first}.${last}${tag}@${domain}`;
    case 1:
      return `${first[0]}${last}${tag}@${domain}`;
    case 2:
      return `${first}_${last}${tag}@${domain}`;
    default:
      return `${first}${last[0]}${tag}@${domain}`;
  }
}

/**
 * The email as one system recorded it: with probability `share` it gets mixed
 * case ("John.Doe@Example.COM"), all caps, or surrounding spaces.
 */
export function noisyEmail(random: Random, email: string, share: number): string {
  if (random.next() >= share) return email;
  switch (random.int(4)) {
    case 0:
      return email.toUpperCase();
    case 1:
      return titleCaseEmail(email);
    case 2:
      return `  ${email} `;
    default:
      return ` ${titleCaseEmail(email)}  `;
  }
}

function titleCaseEmail(email: string): string {
  const at = email.indexOf('@');
  const local = email.slice(0, at).split('.').map(capitalize).join('.');
  const labels = email.slice(at + 1).split('.');
  const tld = labels.pop() ?? '';
  return `${local}@${labels.map(capitalize).join('.')}.${tld.toUpperCase()}`;
}

export function capitalize(word: string): string {
  return word.length === 0 ? word : word[0].toUpperCase() + word.slice(1);
}

/** Number of layouts formatPhone knows. */
export const phoneFormatCount = 6;

/** Ten national digits (area code + 7) in one of the layouts CRMs accumulate from web forms and imports. */
export function formatPhone(area: string, exchange: string, line: string, format: number): string {
  switch (format) {
    case 0:
      return `+1 ${area}-${exchange}-${line}`;
    case 1:
      return `(${area}) ${exchange} ${line}`;
    case 2:
      return `${area}${exchange}${line}`;
    case 3:
      return `001 ${area} ${exchange} ${line}`;
    case 4:
      return `+1${area}${exchange}${line}`;
    default:
      return `${area}.${exchange}.${line}`;
  }
}
