import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '@app/domain';
import { loadPolicy } from './policy.loader';
import { configFailure as failure } from '../testing/config-failure';

describe('loadPolicy', () => {
  const file = (content: unknown) => {
    const path = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.json');
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('is DOMAIN.md’s default without a file', () => {
    expect(loadPolicy(undefined)).toBe(DEFAULT_POLICY);
  });

  it('overrides field by field, e.g. minutes for demos', () => {
    const policy = loadPolicy(file({ version: 'demo-1', maxDuration: 'PT30M', reviewReminderOffsets: ['PT5M'] }));
    expect(policy).toMatchObject({ version: 'demo-1', maxDuration: 'PT30M', reviewReminderOffsets: ['PT5M'] });
    expect(policy.measureCeilings).toEqual(DEFAULT_POLICY.measureCeilings);
  });

  it('takes a clock-skew tolerance, and keeps the default (PT2M) when a file does not set one', () => {
    expect(loadPolicy(file({ version: 'demo-2', clockSkewTolerance: 'PT30S' })).clockSkewTolerance).toBe('PT30S');
    expect(loadPolicy(file({ version: 'demo-3' })).clockSkewTolerance).toBe('PT2M');
  });

  it.each([
    ['a malformed clock-skew tolerance', { version: 'x', clockSkewTolerance: '2 minutes' }, /clockSkewTolerance must be an ISO 8601 duration/],
    ['a clock-skew tolerance beyond PT1H (it forgives clocks, not retroactivity)', { version: 'x', clockSkewTolerance: 'P1D' }, /clockSkewTolerance must be at most PT1H/],
  ])('refuses %s', (_case, content, message) => {
    expect(failure(() => loadPolicy(file(content)))).toMatch(message);
  });

  it.each([
    ['unreadable JSON', '{not json'],
    ['no version of its own', { maxDuration: 'P1Y' }],
    ['a malformed duration', { version: 'x', maxDuration: 'one year' }],
    ['an unknown measure in a ceiling', { version: 'x', measureCeilings: { cyber_crime: ['asset_freeze', 'drone_strike'] } }],
  ])('refuses %s', (_case, content) => {
    expect(failure(() => loadPolicy(file(content)))).toMatch(/^SANCTIONS_POLICY_FILE:/);
  });
});
