import type { Category, Confidence, Duration, MeasureType } from './designation.types';

export interface AttributionThreshold {
  minConfidence: Confidence;
  /** Distinct evidence items (by `ref`) the attribution must rest on. */
  minIndependentSources: number;
  /** At least one evidence item shared by, or corroborated by, a partner. */
  requiresPartnerCorroboration: boolean;
}

/** Policy is data: loaded from configuration, versioned, and stamped on every event it shaped. */
export interface Policy {
  version: string;
  /** Longest span from `effectiveAt` (or, for an extension, from now) to `sunsetAt`. */
  maxDuration: Duration;
  maxReviewInterval: Duration;
  /** How recent a non-lifting review must be for the sunset to be extended. */
  extensionReviewWindow: Duration;
  /** How long after issuance the target must have been notified. */
  notificationDeadline: Duration;
  attribution: Record<Category, AttributionThreshold>;
  measureCeilings: Record<Category, MeasureType[]>;
  stateBodyCategories: Category[];
  /** Measures that require a standing exemption or an explicit, justified waiver. */
  humanitarianSafeguardMeasures: MeasureType[];
  /** Offsets before the review due date at which `upcoming` reminders go out. */
  reviewReminderOffsets: Duration[];
  /** While a review is overdue, a reminder goes out this often after the due date. */
  overdueReminderInterval: Duration;
  /**
   * How far before the command's `now` a requested `effectiveAt` may lie and still count as "now":
   * a client's clock a little behind ours, or its "now" truncated to the second. Such an
   * `effectiveAt` is recorded as given; one earlier still is a retroactive decision, refused. Part
   * of the policy, not a service setting, because it decides which decisions are accepted, and
   * every event records the policy (version) that did.
   */
  clockSkewTolerance: Duration;
}

export const DEFAULT_POLICY: Policy = {
  // 2026-12: clockSkewTolerance (PT2M) added; before it, no tolerance at all.
  version: 'default-2026-12',
  maxDuration: 'P3Y',
  maxReviewInterval: 'P12M',
  extensionReviewWindow: 'P90D',
  notificationDeadline: 'P30D',
  attribution: {
    cyber_crime: { minConfidence: 'moderate', minIndependentSources: 1, requiresPartnerCorroboration: false },
    cyber_espionage: { minConfidence: 'high', minIndependentSources: 2, requiresPartnerCorroboration: false },
    armed_cyber_aggression: { minConfidence: 'high', minIndependentSources: 2, requiresPartnerCorroboration: true },
  },
  measureCeilings: {
    cyber_crime: ['asset_freeze', 'travel_ban', 'information_blacklist'],
    cyber_espionage: ['asset_freeze', 'travel_ban', 'information_blacklist', 'financial_restriction', 'export_control'],
    armed_cyber_aggression: [
      'asset_freeze',
      'travel_ban',
      'information_blacklist',
      'financial_restriction',
      'export_control',
    ],
  },
  stateBodyCategories: ['cyber_espionage', 'armed_cyber_aggression'],
  humanitarianSafeguardMeasures: ['asset_freeze', 'financial_restriction', 'export_control'],
  reviewReminderOffsets: ['P30D', 'P7D', 'P1D'],
  overdueReminderInterval: 'P7D',
  clockSkewTolerance: 'PT2M',
};
