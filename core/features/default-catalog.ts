import { channels } from '../../generator/vocabulary.js';
import { featureDefinitionSchema, type FeatureDefinition, type FeatureDefinitionInput } from '../../schemas/feature-definition.js';

/** Days of history the generator and the default recency imputation assume. */
const HISTORY_DAYS = 730;

const definitions: FeatureDefinitionInput[] = [
  { name: 'website_sessions', label: 'website sessions', kind: 'count', source: 'web_sessions', aggregate: 'count' },
  { name: 'page_views', label: 'page views', kind: 'count', source: 'web_pageviews', aggregate: 'count' },
  { name: 'pages_per_session', label: 'pages per session', kind: 'number', aggregate: 'ratio', numerator: 'page_views', denominator: 'website_sessions' },
  { name: 'avg_session_seconds', label: 'average time per session', kind: 'seconds', source: 'web_sessions', aggregate: 'avg', column: 'duration_seconds' },
  { name: 'sessions_per_day', label: 'sessions per day (last 90 days)', kind: 'number', source: 'web_sessions', aggregate: 'count_per_day', windowDays: 90 },
  { name: 'blogs_viewed', label: 'blog posts viewed', kind: 'count', source: 'web_pageviews', aggregate: 'count', filter: { column: 'page_type', in: ['blog'] } },
  { name: 'videos_viewed', label: 'videos viewed', kind: 'count', source: 'web_pageviews', aggregate: 'count', filter: { column: 'page_type', in: ['video'] } },
  { name: 'whitepapers_viewed', label: 'whitepapers viewed', kind: 'count', source: 'web_pageviews', aggregate: 'count', filter: { column: 'page_type', in: ['whitepaper'] } },
  { name: 'product_features_used', label: 'product features used', kind: 'count', source: 'product_events', aggregate: 'count_distinct', column: 'feature', filter: { column: 'event_type', in: ['feature_used'] } },
  { name: 'feature_uses_per_day', label: 'feature uses per day (last 90 days)', kind: 'number', source: 'product_events', aggregate: 'count_per_day', filter: { column: 'event_type', in: ['feature_used'] }, windowDays: 90 },
  { name: 'converted_to_sale', label: 'converted to sale', kind: 'flag', source: 'crm_orders', aggregate: 'exists' },
  { name: 'customer_age', label: 'customer age', kind: 'number', source: 'crm_contacts', aggregate: 'max', column: 'age', missing: 'median' },
  { name: 'recency_days', label: 'last order', kind: 'days', source: 'crm_orders', aggregate: 'days_since_last', column: 'ordered_at', missing: { constant: HISTORY_DAYS } },
  { name: 'frequency', label: 'orders', kind: 'count', source: 'crm_orders', aggregate: 'count' },
  { name: 'monetary', label: 'total spend', kind: 'amount', source: 'crm_orders', aggregate: 'sum', column: 'amount' },
  { name: 'primary_channel', label: 'primary channel', kind: 'category', source: 'web_sessions', aggregate: 'mode', column: 'channel', levels: [...channels] },
];

/**
 * The usual marketing features: web engagement, content, product usage,
 * conversion, age, RFM and the usual acquisition channel. Missing-value policy:
 * counts and flags default to zero (no rows means none happened), age to the
 * median, recency to the whole history window (never ordered = as long ago as
 * we can see); a profile without web sessions has no primary channel.
 */
export const defaultFeatureCatalog: readonly FeatureDefinition[] = definitions.map((definition) =>
  featureDefinitionSchema.parse(definition),
);
