import type { Random } from '../core/random.js';
import {
  areaCodes,
  buildEmail,
  capitalize,
  companyDomains,
  firstNames,
  formatPhone,
  junkEmails,
  junkPhones,
  lastNames,
  noisyEmail,
  phoneFormatCount,
  webmailDomains,
} from './identity-values.js';
import { IsoTimestamps } from './iso-timestamps.js';
import { permuteBits } from './permute-bits.js';
import { baselineFeatureWeight, type Persona } from './personas.js';
import { fillCumulative, logNormal, pickCumulative, poisson, skewedBetween } from './sampling.js';
import type { TableBuffers } from './table-buffers.js';
import { channels, pageTypes, pageUrls, productFeatures } from './vocabulary.js';

const dayMs = 86_400_000;
/** Oldest activity, in days before `now`: the generator covers about two years. */
const windowDays = 730;
/** Phone line numbers have 7 digits; a bijection on 2^23 < 10^7 keeps them unique. */
const phoneBits = 23;
export const maxPeople = 2 ** phoneBits;

/** Share of CRM emails, web logins and product signups recorded with case / whitespace noise. */
const crmEmailNoise = 0.25;
const webEmailNoise = 0.1;
const productEmailNoise = 0.1;
const crmNullEmail = 0.03;
const crmNullPhone = 0.1;
const crmNullAge = 0.06;
/** Share of product events that are logins rather than feature use. */
const loginEventShare = 0.25;

/** A device two household members share; the second member inherits it from the first. */
export interface Household {
  readonly deviceId: string;
  readonly lastName: string;
}

/** A persona with its weight lists turned into the arrays the hot loop samples from. */
interface CompiledPersona {
  readonly persona: Persona;
  readonly pageWeights: Float64Array;
  readonly channelCumulative: Float64Array;
  readonly deviceCumulative: Float64Array;
  readonly featureWeights: Float64Array;
}

function compilePersona(persona: Persona): CompiledPersona {
  const channelCumulative = new Float64Array(channels.length);
  fillCumulative(
    channels.map((channel) => persona.sessions.channelWeights[channel]),
    channelCumulative,
  );
  const deviceCumulative = new Float64Array(3);
  fillCumulative(persona.identity.deviceCountWeights, deviceCumulative);
  return {
    persona,
    pageWeights: Float64Array.from(pageTypes, (type) => persona.sessions.pageTypeWeights[type]),
    channelCumulative,
    deviceCumulative,
    featureWeights: Float64Array.from(productFeatures, (feature) => persona.product.featureWeights[feature] ?? baselineFeatureWeight),
  };
}

/**
 * Writes one person at a time into the table buffers: truth row, CRM contact
 * and orders, product account and events, devices, sessions and page views.
 * Per-person state lives in reused fields and scratch arrays so the only
 * allocations per person are the rows themselves.
 */
export class PersonWriter {
  readonly #random: Random;
  readonly #buffers: TableBuffers;
  readonly #nowMs: number;
  /** Share of contacts with a placeholder email, and independently phone (0 = off). */
  readonly #junkShare: number;
  readonly #compiled: readonly CompiledPersona[];
  readonly #timestamps = new IsoTimestamps();
  readonly #emailTagBits: number;
  readonly #emailSalt: number;
  readonly #phoneSalt: number;
  readonly #deviceSalt: number;
  readonly #productUserSalt: number;

  #contactCount = 0;
  #orderCount = 0;
  #sessionCount = 0;
  #pageviewCount = 0;
  #productUserCount = 0;
  #eventCount = 0;
  #deviceCount = 0;
  #emailCount = 0;

  // Current person.
  #personId = 0;
  #primaryEmail = '';
  #secondaryEmail: string | null = null;
  #productUserId: string | null = null;
  #productCreatedAgeDays = 0;
  #neverLogsIn = false;
  #loginProbability = 0;
  #durationMedian = 0;
  #pagesMean = 0;
  #sessionMinAge = 0;
  #sessionMaxAge = 0;
  #sessionSkew = 1;
  #channelCumulative: Float64Array = new Float64Array(0);
  readonly #pageCumulative = new Float64Array(pageTypes.length);
  readonly #devices: string[] = [];
  #orderAges = new Float64Array(64);
  readonly #featureScratch = new Float64Array(productFeatures.length);
  readonly #chosenFeatures = new Int32Array(productFeatures.length);

  constructor(random: Random, buffers: TableBuffers, now: Date, people: number, junkShare: number, personas: readonly Persona[]) {
    this.#random = random;
    this.#buffers = buffers;
    this.#nowMs = now.getTime();
    this.#junkShare = junkShare;
    this.#compiled = personas.map(compilePersona);
    // Every person has at most two emails, so the tag space must hold 2 * people values.
    this.#emailTagBits = Math.max(12, Math.ceil(Math.log2(2 * people + 2)));
    this.#emailSalt = random.int(2 ** 31);
    this.#phoneSalt = random.int(2 ** 31);
    this.#deviceSalt = random.int(2 ** 31);
    this.#productUserSalt = random.int(2 ** 31);
  }

  /** A fresh anonymous cookie id ('anon-' + 12 hex digits), unique across the run. */
  newDeviceId(): string {
    const unique = permuteBits(this.#deviceCount++, 32, this.#deviceSalt);
    return `anon-${hex(unique, 8)}${hex(this.#random.int(0x10000), 4)}`;
  }

  /**
   * Writes person `personId` of persona index `personaIndex`. `household` is
   * a device to join, `openHousehold` makes this person's first device a
   * shared one (returned for the next person), `adversarialDeviceId` adds a
   * logged-in session on the one device shared by many.
   */
  writePerson(
    personId: number,
    personaIndex: number,
    household: Household | null,
    openHousehold: boolean,
    adversarialDeviceId: string | null,
  ): Household | null {
    const random = this.#random;
    const compiled = this.#compiled[personaIndex];
    const persona = compiled.persona;
    this.#personId = personId;
    this.#buffers.people.rows.push([personId, persona.name]);

    const first = firstNames[random.int(firstNames.length)];
    const last = household !== null ? household.lastName : lastNames[random.int(lastNames.length)];
    const workDomain = random.next() < persona.identity.workEmailProbability;
    this.#primaryEmail = this.#newEmail(first, last, workDomain);
    this.#secondaryEmail = random.next() < persona.identity.secondEmailProbability ? this.#newEmail(first, last, false) : null;
    // One multiplier for how active this person is overall, so counts are over-dispersed like real data.
    const activity = logNormal(random, 1, 0.4);

    const hasContact = random.next() < persona.identity.crmProbability;
    if (hasContact) this.#writeContact(persona, first, last, activity);

    this.#productUserId = null;
    if (random.next() < persona.product.userProbability) this.#writeProductUser(compiled, activity);

    this.#prepareSessions(compiled);
    const deviceCount = 1 + pickCumulative(random, compiled.deviceCumulative);
    this.#devices.length = 0;
    for (let i = 0; i < deviceCount; i++) this.#devices.push(this.newDeviceId());
    if (household !== null) this.#devices.push(household.deviceId);

    // Household members both log in from the shared device at least once, which is what makes it a trap.
    if (household !== null) this.#writeSession(household.deviceId, this.#sessionAge(), true);
    if (openHousehold) this.#writeSession(this.#devices[0], this.#sessionAge(), true);
    if (adversarialDeviceId !== null) this.#writeSession(adversarialDeviceId, this.#sessionAge(), true);

    let sessions = poisson(random, persona.sessions.meanCount * activity);
    // A person with no CRM record and no product account exists only through the web; give them a visit.
    if (sessions === 0 && !hasContact && this.#productUserId === null) sessions = 1;
    for (let i = 0; i < sessions; i++) {
      // The first device is the person's main one; the others (and a joined household device) share the rest.
      const device = random.next() < 0.6 ? this.#devices[0] : this.#devices[random.int(this.#devices.length)];
      this.#writeSession(device, this.#sessionAge(), false);
    }

    return openHousehold ? { deviceId: this.#devices[0], lastName: last } : null;
  }

  #newEmail(first: string, last: string, work: boolean): string {
    const random = this.#random;
    const tag = permuteBits(this.#emailCount++, this.#emailTagBits, this.#emailSalt);
    const domain = work ? companyDomains[random.int(companyDomains.length)] : webmailDomains[random.int(webmailDomains.length)];
    return buildEmail(first, last, random.int(4), String(tag), domain);
  }

  #writeContact(persona: Persona, first: string, last: string, activity: number): void {
    const random = this.#random;
    const orders = persona.orders;
    const contactIndex = this.#contactCount++;
    const contactId = `C${String(contactIndex + 1).padStart(8, '0')}`;

    let orderCount = 0;
    let oldestOrder = 0;
    let newestOrder = windowDays;
    if (random.next() < orders.customerProbability) {
      orderCount = Math.min(200, 1 + poisson(random, (orders.meanCount - 1) * activity));
      if (orderCount > this.#orderAges.length) this.#orderAges = new Float64Array(orderCount * 2);
      for (let i = 0; i < orderCount; i++) {
        const age = skewedBetween(random, orders.minAgeDays, orders.maxAgeDays, orders.recencySkew);
        this.#orderAges[i] = age;
        if (age > oldestOrder) oldestOrder = age;
        if (age < newestOrder) newestOrder = age;
      }
    }
    // The contact predates its first order; without orders it was created some time in the window.
    const createdAge =
      orderCount > 0 ? oldestOrder + 1 + random.next() * 30 : skewedBetween(random, persona.sessions.minAgeDays, windowDays, 0.7);
    const updatedAge = (orderCount > 0 ? newestOrder : createdAge) * Math.sqrt(random.next());

    let email: string | null;
    let phone: string | null;
    const junkShare = this.#junkShare;
    if (junkShare > 0 && random.next() < junkShare) email = junkEmails[random.int(junkEmails.length)];
    else if (random.next() < crmNullEmail) email = null;
    else {
      const address = this.#secondaryEmail !== null && random.next() < 0.15 ? this.#secondaryEmail : this.#primaryEmail;
      email = noisyEmail(random, address, crmEmailNoise);
    }
    if (junkShare > 0 && random.next() < junkShare) phone = junkPhones[random.int(junkPhones.length)];
    else if (random.next() < crmNullPhone) phone = null;
    else {
      const digits = String(permuteBits(contactIndex, phoneBits, this.#phoneSalt)).padStart(7, '0');
      phone = formatPhone(areaCodes[random.int(areaCodes.length)], digits.slice(0, 3), digits.slice(3), random.int(phoneFormatCount));
    }
    const age =
      random.next() < crmNullAge ? null : Math.min(90, Math.max(18, Math.round(persona.age.mean + persona.age.sd * random.normal())));

    this.#buffers.crmContacts.rows.push([
      contactId,
      email,
      phone,
      capitalize(first),
      capitalize(last),
      age,
      this.#isoAgo(createdAge, 1),
      this.#isoAgo(updatedAge, 1),
    ]);
    this.#buffers.recordOwners.rows.push(['crm_contacts', contactId, this.#personId]);

    // Spend level is a person trait: the same customer's orders are similar in size.
    const amountMedian = orders.amountMedian * logNormal(random, 1, 0.25);
    for (let i = 0; i < orderCount; i++) {
      const amount = Math.max(1, Math.round(logNormal(random, amountMedian, orders.amountSigma) * 100) / 100);
      this.#buffers.crmOrders.rows.push([`O${++this.#orderCount}`, contactId, amount, this.#isoAgo(this.#orderAges[i], 60)]);
    }
  }

  #writeProductUser(compiled: CompiledPersona, activity: number): void {
    const random = this.#random;
    const persona = compiled.persona;
    const productUserId = `pu_${hex(permuteBits(this.#productUserCount++, 32, this.#productUserSalt), 8)}`;
    const minAge = persona.sessions.minAgeDays;
    const createdAge = skewedBetween(random, minAge + 1, windowDays, 0.8);
    this.#productUserId = productUserId;
    this.#productCreatedAgeDays = createdAge;
    // People sign up with the work address mostly, a private one sometimes.
    const signup = this.#secondaryEmail !== null && random.next() < 0.3 ? this.#secondaryEmail : this.#primaryEmail;
    this.#buffers.productUsers.rows.push([productUserId, noisyEmail(random, signup, productEmailNoise), this.#isoAgo(createdAge, 1)]);
    this.#buffers.recordOwners.rows.push(['product_users', productUserId, this.#personId]);

    // Distinct features: weighted draws without replacement from the persona's preferences.
    const featureCount = Math.min(productFeatures.length, 1 + poisson(random, persona.product.meanFeatures - 1));
    const weights = this.#featureScratch;
    weights.set(compiled.featureWeights);
    for (let chosen = 0; chosen < featureCount; chosen++) {
      let total = 0;
      for (let i = 0; i < weights.length; i++) total += weights[i];
      let target = random.next() * total;
      // Falls back to the last still-available feature when rounding leaves target at or above 0.
      let pick = -1;
      for (let i = 0; i < weights.length; i++) {
        if (weights[i] === 0) continue;
        pick = i;
        target -= weights[i];
        if (target < 0) break;
      }
      this.#chosenFeatures[chosen] = pick;
      weights[pick] = 0;
    }

    const events = Math.max(1, poisson(random, persona.product.meanEvents * activity));
    const rows = this.#buffers.productEvents.rows;
    for (let i = 0; i < events; i++) {
      const age = skewedBetween(random, minAge, createdAge, persona.sessions.recencySkew);
      const eventId = `E${++this.#eventCount}`;
      if (random.next() < loginEventShare) {
        rows.push([eventId, productUserId, 'login', null, this.#isoAgo(age, 1)]);
      } else {
        // Earlier-chosen features are the person's favourites and get most of the use.
        const feature = productFeatures[this.#chosenFeatures[Math.floor(featureCount * Math.pow(random.next(), 1.6))]];
        rows.push([eventId, productUserId, 'feature_used', feature, this.#isoAgo(age, 1)]);
      }
    }
  }

  /** Per-person session traits: persona values blurred by personal noise so personas overlap. */
  #prepareSessions(compiled: CompiledPersona): void {
    const random = this.#random;
    const identity = compiled.persona.identity;
    const sessions = compiled.persona.sessions;
    this.#neverLogsIn = random.next() < identity.neverLogsInProbability;
    this.#loginProbability = identity.loginProbability;
    this.#durationMedian = sessions.durationMedianSeconds * logNormal(random, 1, 0.3);
    this.#pagesMean = Math.max(0, (sessions.meanPages - 1) * logNormal(random, 1, 0.3));
    this.#sessionMinAge = sessions.minAgeDays;
    // Tenure: some people only started visiting recently.
    this.#sessionMaxAge = sessions.minAgeDays + (windowDays - sessions.minAgeDays) * (0.25 + 0.75 * random.next());
    this.#sessionSkew = sessions.recencySkew;
    this.#channelCumulative = compiled.channelCumulative;
    let total = 0;
    for (let i = 0; i < compiled.pageWeights.length; i++) {
      total += compiled.pageWeights[i] * Math.exp(0.5 * random.normal());
      this.#pageCumulative[i] = total;
    }
  }

  #sessionAge(): number {
    return skewedBetween(this.#random, this.#sessionMinAge, this.#sessionMaxAge, this.#sessionSkew);
  }

  #writeSession(deviceId: string, ageDays: number, forceLogin: boolean): void {
    const random = this.#random;
    const sessionId = `S${++this.#sessionCount}`;
    const duration = Math.min(14_400, Math.max(5, Math.round(logNormal(random, this.#durationMedian, 0.7))));
    const pages = 1 + poisson(random, this.#pagesMean);
    // Whole seconds, and the session ends at least a minute before now.
    const startMs = Math.floor((this.#nowMs - ageDays * dayMs - (duration + 60) * 1000) / 1000) * 1000;
    const channel = channels[pickCumulative(random, this.#channelCumulative)];

    let email: string | null = null;
    let userId: string | null = null;
    if (forceLogin || (!this.#neverLogsIn && random.next() < this.#loginProbability)) {
      const hasAccount = this.#productUserId !== null && ageDays < this.#productCreatedAgeDays;
      const kind = hasAccount ? random.next() : 1;
      if (kind < 0.3) userId = this.#productUserId;
      else {
        if (kind < 0.5) userId = this.#productUserId;
        const address = this.#secondaryEmail !== null && random.next() < 0.4 ? this.#secondaryEmail : this.#primaryEmail;
        email = noisyEmail(random, address, webEmailNoise);
      }
    }

    this.#buffers.webSessions.rows.push([sessionId, deviceId, email, userId, this.#timestamps.format(startMs), duration, channel]);
    this.#buffers.recordOwners.rows.push(['web_sessions', sessionId, this.#personId]);

    const pageviews = this.#buffers.webPageviews.rows;
    for (let i = 0; i < pages; i++) {
      const type = pickCumulative(random, this.#pageCumulative);
      const urls = pageUrls[type];
      const viewedAt = this.#timestamps.format(startMs + Math.floor((duration * i) / pages) * 1000);
      pageviews.push([`PV${++this.#pageviewCount}`, sessionId, deviceId, pageTypes[type], urls[random.int(urls.length)], viewedAt]);
    }
  }

  /** ISO timestamp `ageDays` before now and at least `minSecondsAgo` (>= 1) seconds before it, in whole seconds. */
  #isoAgo(ageDays: number, minSecondsAgo: number): string {
    return this.#timestamps.format(Math.floor((this.#nowMs - ageDays * dayMs) / 1000 - minSecondsAgo) * 1000);
  }
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}
