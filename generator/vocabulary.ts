/**
 * The fixed vocabularies the upstream systems emit. Personas weight these
 * lists by position, so the order here is part of the persona definitions.
 */

/** web_pageviews.page_type values. */
export const pageTypes = ['home', 'pricing', 'product', 'docs', 'blog', 'video', 'whitepaper'] as const;
export type PageType = (typeof pageTypes)[number];

/** web_sessions.channel values (acquisition channel of the session). */
export const channels = ['direct', 'organic_search', 'paid_search', 'campaign', 'social', 'referral'] as const;
export type Channel = (typeof channels)[number];

/** product_events.feature values for event_type 'feature_used'. */
export const productFeatures = [
  'dashboards',
  'reports',
  'alerts',
  'exports',
  'api',
  'integrations',
  'segments',
  'workflows',
  'sharing',
  'sso',
  'audit_log',
  'billing',
] as const;
export type ProductFeature = (typeof productFeatures)[number];

/** Page URLs per page type (same order as pageTypes); a page view picks one uniformly. */
export const pageUrls: readonly (readonly string[])[] = (() => {
  const topics = ['identity-resolution', 'segmentation', 'rfm', 'churn', 'attribution', 'personalization',
    'data-quality', 'consent', 'lifecycle', 'clustering'];
  const byType: Record<PageType, string[]> = {
    home: ['/', '/?ref=nav', '/about', '/customers'],
    pricing: ['/pricing', '/pricing?plan=team', '/pricing?plan=enterprise', '/pricing/compare'],
    product: productFeatures.map((feature) => `/product/${feature.replace('_', '-')}`),
    docs: ['/docs', ...productFeatures.map((feature) => `/docs/${feature.replace('_', '-')}`)],
    blog: topics.flatMap((topic) => [`/blog/${topic}`, `/blog/${topic}-guide`, `/blog/${topic}-2024`]),
    video: topics.map((topic) => `/videos/${topic}-webinar`),
    whitepaper: topics.map((topic) => `/whitepapers/${topic}`),
  };
  return pageTypes.map((type) => byType[type]);
})();
