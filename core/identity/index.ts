export { assignStableProfileIds, profileComponents } from './assign-stable-profile-ids.js';
export type {
  AssignStableProfileIdsOptions,
  PreviousIdentityMap,
  ProfileChange,
  ProfileChangeKind,
  ProfileComponents,
  StableProfileIds,
} from './assign-stable-profile-ids.js';
export { builtinBlockedPatterns, builtinBlockedValues, createBlockedValueTest } from './blocked-values.js';
export type { BlockedValueTest } from './blocked-values.js';
export { compileIdentityRules, identifierTypeIndex } from './compile-identity-rules.js';
export type { CompiledIdentityRules } from './compile-identity-rules.js';
export { diffResolutions } from './diff-resolutions.js';
export type { ResolutionDiff } from './diff-resolutions.js';
export { droppedLinks } from './dropped-links.js';
export type { DroppedLink } from './dropped-links.js';
export { IdentityInputError, IdentityRulesError } from './errors.js';
export { evaluatePairwise } from './evaluate-pairwise.js';
export type { PairwiseEvaluation } from './evaluate-pairwise.js';
export { explainConnection, explainProfile } from './explain-profile.js';
export type { LinkStatus, ProfileExplanation, ProfileLink } from './explain-profile.js';
export { identityInputFromRecords, subsetIdentityInput } from './identity-input.js';
export type { IdentityInput, IdentityRecord } from './identity-input.js';
export { identityRulesSchema, normalizerKinds, parseIdentityRules } from './identity-rules.js';
export type { IdentifierType, IdentityRules, IdentityRulesInput, NormalizerKind } from './identity-rules.js';
export type { InternedIdentifiers } from './intern-identifiers.js';
export { linkableComponents } from './linkable-components.js';
export { createNormalizer, normalizeEmail, normalizeId } from './normalizers.js';
export type { Normalizer } from './normalizers.js';
export { createPhoneNormalizer } from './phone-normalizer.js';
export type { PhoneNormalizer } from './phone-normalizer.js';
export { buildQualityReport } from './quality-report.js';
export type { DroppedLinkCount, HistogramBucket, QualityReport, QualityReportOptions, SizeDistribution } from './quality-report.js';
export { linkOutcomes, noDropType, resolveIdentities } from './resolve-identities.js';
export type { IdentityResolution, LinkOutcome } from './resolve-identities.js';
