import type { Channel, PageType, ProductFeature } from './vocabulary.js';

/**
 * The planted personas. Each one differs from the others on a few of the
 * features a CDP computes (sessions, pages and time per session, content
 * mix, product features used, RFM, age) so clustering has something real to
 * find, while per-person noise in the generator makes their ranges overlap.
 *
 * Ages below are "days before now"; the generator spreads activity over the
 * last two years, so 730 is the oldest possible date.
 */

export const personaNames = [
  'enterprise_researcher',
  'loyal_high_spender',
  'bargain_hunter',
  'content_browser',
  'power_product_user',
  'dormant_customer',
] as const;
export type PersonaName = (typeof personaNames)[number];

export interface Persona {
  readonly name: PersonaName;
  readonly label: string;
  /** Share of the population; the shares of all personas sum to 1. */
  readonly share: number;
  readonly identity: {
    /** Probability the person has a (single) CRM contact. */
    readonly crmProbability: number;
    /** Probability the primary email is at a company domain rather than a webmail one. */
    readonly workEmailProbability: number;
    /** Probability of a second, private email used on the web or in the product. */
    readonly secondEmailProbability: number;
    /** Relative weights of owning 1, 2 or 3 devices. */
    readonly deviceCountWeights: readonly [number, number, number];
    /** Probability that none of the person's sessions ever logs in (unlinkable visitor). */
    readonly neverLogsInProbability: number;
    /** Per-session login probability for everyone else. */
    readonly loginProbability: number;
  };
  readonly age: { readonly mean: number; readonly sd: number };
  readonly orders: {
    /** Probability that a person with a CRM contact has ordered at all. */
    readonly customerProbability: number;
    /** Mean order count of a customer (at least one). */
    readonly meanCount: number;
    readonly amountMedian: number;
    /** Log-normal sigma of the order amount. */
    readonly amountSigma: number;
    readonly minAgeDays: number;
    readonly maxAgeDays: number;
    /** Exponent on a uniform draw: > 1 pulls orders towards minAgeDays (recent), < 1 towards maxAgeDays. */
    readonly recencySkew: number;
  };
  readonly sessions: {
    readonly meanCount: number;
    readonly durationMedianSeconds: number;
    readonly meanPages: number;
    /** Sessions happen between minAgeDays and 730 days ago. */
    readonly minAgeDays: number;
    readonly recencySkew: number;
    readonly channelWeights: Readonly<Record<Channel, number>>;
    readonly pageTypeWeights: Readonly<Record<PageType, number>>;
  };
  readonly product: {
    /** Probability of having a product account. */
    readonly userProbability: number;
    readonly meanEvents: number;
    /** Mean number of distinct features a user touches. */
    readonly meanFeatures: number;
    /** Features not listed get `baselineFeatureWeight`, so anyone can stumble on anything. */
    readonly featureWeights: Readonly<Partial<Record<ProductFeature, number>>>;
  };
}

export const baselineFeatureWeight = 0.3;

export const personas: readonly Persona[] = [
  {
    name: 'enterprise_researcher',
    label: 'Enterprise researcher',
    share: 0.15,
    identity: {
      crmProbability: 0.8,
      workEmailProbability: 0.9,
      secondEmailProbability: 0.45,
      deviceCountWeights: [0.4, 0.4, 0.2],
      neverLogsInProbability: 0.1,
      loginProbability: 0.5,
    },
    age: { mean: 43, sd: 8 },
    orders: { customerProbability: 0.3, meanCount: 1.1, amountMedian: 2400, amountSigma: 0.5, minAgeDays: 0, maxAgeDays: 600, recencySkew: 1 },
    sessions: {
      meanCount: 4.5,
      durationMedianSeconds: 620,
      meanPages: 4.5,
      minAgeDays: 0,
      recencySkew: 1.3,
      channelWeights: { direct: 0.25, organic_search: 0.4, paid_search: 0.1, campaign: 0.1, social: 0.05, referral: 0.1 },
      pageTypeWeights: { home: 0.08, pricing: 0.1, product: 0.12, docs: 0.15, blog: 0.1, video: 0.1, whitepaper: 0.35 },
    },
    product: {
      userProbability: 0.8,
      meanEvents: 7,
      meanFeatures: 3,
      featureWeights: { dashboards: 3, reports: 3, api: 2, sso: 2, audit_log: 2, integrations: 1 },
    },
  },
  {
    name: 'loyal_high_spender',
    label: 'Loyal high spender',
    share: 0.15,
    identity: {
      crmProbability: 0.98,
      workEmailProbability: 0.3,
      secondEmailProbability: 0.3,
      deviceCountWeights: [0.4, 0.4, 0.2],
      neverLogsInProbability: 0.05,
      loginProbability: 0.6,
    },
    age: { mean: 48, sd: 10 },
    orders: { customerProbability: 0.97, meanCount: 3.2, amountMedian: 280, amountSigma: 0.45, minAgeDays: 0, maxAgeDays: 365, recencySkew: 1.8 },
    sessions: {
      meanCount: 4,
      durationMedianSeconds: 260,
      meanPages: 3,
      minAgeDays: 0,
      recencySkew: 1.8,
      channelWeights: { direct: 0.45, organic_search: 0.15, paid_search: 0.05, campaign: 0.25, social: 0.05, referral: 0.05 },
      pageTypeWeights: { home: 0.15, pricing: 0.1, product: 0.45, docs: 0.05, blog: 0.1, video: 0.1, whitepaper: 0.05 },
    },
    product: {
      userProbability: 0.45,
      meanEvents: 5,
      meanFeatures: 2,
      featureWeights: { dashboards: 2, reports: 2, exports: 1.5, billing: 1.5 },
    },
  },
  {
    name: 'bargain_hunter',
    label: 'Bargain hunter',
    share: 0.2,
    identity: {
      crmProbability: 0.9,
      workEmailProbability: 0.1,
      secondEmailProbability: 0.3,
      deviceCountWeights: [0.5, 0.35, 0.15],
      neverLogsInProbability: 0.1,
      loginProbability: 0.45,
    },
    age: { mean: 33, sd: 9 },
    orders: { customerProbability: 0.9, meanCount: 3.2, amountMedian: 22, amountSigma: 0.5, minAgeDays: 0, maxAgeDays: 730, recencySkew: 1.1 },
    sessions: {
      meanCount: 3.5,
      durationMedianSeconds: 170,
      meanPages: 3.5,
      minAgeDays: 0,
      recencySkew: 1.2,
      channelWeights: { direct: 0.1, organic_search: 0.2, paid_search: 0.3, campaign: 0.3, social: 0.07, referral: 0.03 },
      pageTypeWeights: { home: 0.2, pricing: 0.3, product: 0.35, docs: 0.03, blog: 0.07, video: 0.03, whitepaper: 0.02 },
    },
    product: {
      userProbability: 0.3,
      meanEvents: 4,
      meanFeatures: 1.5,
      featureWeights: { dashboards: 2, billing: 2, exports: 1 },
    },
  },
  {
    name: 'content_browser',
    label: 'Content browser',
    share: 0.25,
    identity: {
      crmProbability: 0.25,
      workEmailProbability: 0.2,
      secondEmailProbability: 0.2,
      deviceCountWeights: [0.35, 0.4, 0.25],
      neverLogsInProbability: 0.6,
      loginProbability: 0.08,
    },
    age: { mean: 27, sd: 7 },
    orders: { customerProbability: 0, meanCount: 1, amountMedian: 30, amountSigma: 0.5, minAgeDays: 0, maxAgeDays: 730, recencySkew: 1 },
    sessions: {
      meanCount: 4,
      durationMedianSeconds: 150,
      meanPages: 2,
      minAgeDays: 0,
      recencySkew: 1,
      channelWeights: { direct: 0.1, organic_search: 0.35, paid_search: 0.05, campaign: 0.05, social: 0.35, referral: 0.1 },
      pageTypeWeights: { home: 0.08, pricing: 0.02, product: 0.05, docs: 0.05, blog: 0.45, video: 0.33, whitepaper: 0.02 },
    },
    product: {
      userProbability: 0.15,
      meanEvents: 3,
      meanFeatures: 1.5,
      featureWeights: { dashboards: 2, sharing: 2 },
    },
  },
  {
    name: 'power_product_user',
    label: 'Power product user',
    share: 0.12,
    identity: {
      crmProbability: 0.7,
      workEmailProbability: 0.7,
      secondEmailProbability: 0.4,
      deviceCountWeights: [0.3, 0.45, 0.25],
      neverLogsInProbability: 0.05,
      loginProbability: 0.7,
    },
    age: { mean: 35, sd: 8 },
    orders: { customerProbability: 0.6, meanCount: 1.3, amountMedian: 90, amountSigma: 0.5, minAgeDays: 0, maxAgeDays: 730, recencySkew: 1.2 },
    sessions: {
      meanCount: 3,
      durationMedianSeconds: 200,
      meanPages: 2.5,
      minAgeDays: 0,
      recencySkew: 1.5,
      channelWeights: { direct: 0.55, organic_search: 0.15, paid_search: 0.05, campaign: 0.05, social: 0.05, referral: 0.15 },
      pageTypeWeights: { home: 0.08, pricing: 0.05, product: 0.15, docs: 0.55, blog: 0.07, video: 0.07, whitepaper: 0.03 },
    },
    product: {
      userProbability: 1,
      meanEvents: 22,
      meanFeatures: 8,
      featureWeights: {
        dashboards: 1,
        reports: 1,
        alerts: 1,
        exports: 1,
        api: 1,
        integrations: 1,
        segments: 1,
        workflows: 1,
        sharing: 1,
        sso: 0.6,
        audit_log: 0.6,
        billing: 0.6,
      },
    },
  },
  {
    name: 'dormant_customer',
    label: 'Dormant customer',
    share: 0.13,
    identity: {
      crmProbability: 0.95,
      workEmailProbability: 0.2,
      secondEmailProbability: 0.15,
      deviceCountWeights: [0.7, 0.25, 0.05],
      neverLogsInProbability: 0.25,
      loginProbability: 0.3,
    },
    age: { mean: 55, sd: 11 },
    orders: { customerProbability: 0.97, meanCount: 1.8, amountMedian: 70, amountSigma: 0.55, minAgeDays: 380, maxAgeDays: 730, recencySkew: 0.8 },
    sessions: {
      meanCount: 1,
      durationMedianSeconds: 90,
      meanPages: 1.6,
      minAgeDays: 150,
      recencySkew: 0.8,
      channelWeights: { direct: 0.3, organic_search: 0.2, paid_search: 0.1, campaign: 0.3, social: 0.05, referral: 0.05 },
      pageTypeWeights: { home: 0.35, pricing: 0.1, product: 0.35, docs: 0.05, blog: 0.08, video: 0.05, whitepaper: 0.02 },
    },
    product: {
      userProbability: 0.35,
      meanEvents: 3,
      meanFeatures: 1.5,
      featureWeights: { dashboards: 2, reports: 1 },
    },
  },
];

/** Share of each persona in the population, for tests and the evaluation report. */
export const personaShares: Readonly<Record<PersonaName, number>> = Object.fromEntries(
  personas.map((persona) => [persona.name, persona.share]),
) as Record<PersonaName, number>;
