import { readFileSync } from 'node:fs';
import { addDuration, CATEGORIES, CONFIDENCE_LEVELS, DEFAULT_POLICY, isAfter, MEASURE_TYPES, parseDuration, type Policy } from '@app/domain';
import { ConfigError } from './app.config';

const DURATIONS = ['maxDuration', 'maxReviewInterval', 'extensionReviewWindow', 'notificationDeadline', 'overdueReminderInterval', 'clockSkewTolerance'] as const;
/** The tolerance forgives clocks, not retroactive decisions. */
const MAX_CLOCK_SKEW_TOLERANCE = 'PT1H';

/**
 * The policy in force: DOMAIN.md's defaults, overridden field by field from SANCTIONS_POLICY_FILE
 * (e.g. minutes instead of years for demos and tests). An override must carry its own version, as
 * every event records which policy shaped it.
 */
export function loadPolicy(file: string | undefined): Policy {
  if (!file) return DEFAULT_POLICY;
  let overrides: Partial<Policy>;
  try {
    overrides = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`SANCTIONS_POLICY_FILE: cannot read ${file} as JSON (${(error as Error).message})`);
  }
  const policy: Policy = {
    ...DEFAULT_POLICY,
    ...overrides,
    attribution: { ...DEFAULT_POLICY.attribution, ...overrides.attribution },
    measureCeilings: { ...DEFAULT_POLICY.measureCeilings, ...overrides.measureCeilings },
  };
  const problem = policyProblem(policy, overrides);
  if (problem) throw new ConfigError(`SANCTIONS_POLICY_FILE: ${problem}`);
  return policy;
}

function policyProblem(policy: Policy, overrides: Partial<Policy>): string | undefined {
  if (typeof overrides.version !== 'string' || overrides.version.trim() === '' || overrides.version === DEFAULT_POLICY.version) {
    return 'an overriding policy needs its own "version"';
  }
  for (const field of [...DURATIONS, 'reviewReminderOffsets'] as const) {
    const values = field === 'reviewReminderOffsets' ? policy.reviewReminderOffsets : [policy[field]];
    if (!Array.isArray(values)) return `${field} must be a list of ISO 8601 durations`;
    for (const value of values) {
      try {
        parseDuration(value, field);
      } catch {
        return `${field} must be an ISO 8601 duration, got ${JSON.stringify(value)}`;
      }
    }
  }
  const epoch = '2000-01-01T00:00:00Z';
  if (isAfter(addDuration(epoch, policy.clockSkewTolerance), addDuration(epoch, MAX_CLOCK_SKEW_TOLERANCE))) {
    return `clockSkewTolerance must be at most ${MAX_CLOCK_SKEW_TOLERANCE}, got ${JSON.stringify(policy.clockSkewTolerance)}`;
  }
  for (const category of CATEGORIES) {
    const threshold = policy.attribution[category];
    if (!threshold || !CONFIDENCE_LEVELS.includes(threshold.minConfidence) || !Number.isInteger(threshold.minIndependentSources)) {
      return `attribution.${category} is not a valid threshold`;
    }
    const ceiling = policy.measureCeilings[category];
    if (!Array.isArray(ceiling) || !ceiling.every((m) => MEASURE_TYPES.includes(m))) {
      return `measureCeilings.${category} must list measure types`;
    }
  }
  return undefined;
}
