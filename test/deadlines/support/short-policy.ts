import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY, type Policy } from '@app/domain';

/** Seconds instead of months: reminders 8 s before a review due 10 s after issuance. */
export const SHORT_POLICY: Policy = {
  ...DEFAULT_POLICY,
  version: 'test-seconds',
  maxDuration: 'P1D',
  maxReviewInterval: 'P1D',
  extensionReviewWindow: 'P1D',
  notificationDeadline: 'PT1H',
  reviewReminderOffsets: ['PT8S'],
  overdueReminderInterval: 'PT1H',
};

/** The policy as a SANCTIONS_POLICY_FILE, as an operator would give it. */
export function shortPolicyFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify(SHORT_POLICY));
  return file;
}
