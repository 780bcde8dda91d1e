import { commandMetadata } from './command-metadata';

describe('commandMetadata', () => {
  const at = new Date('2026-01-02T03:04:05.006Z');

  it("records the command, its correlation and causation, the command's actor and time", () => {
    expect(commandMetadata({ commandId: 'c', correlationId: 'r', causationId: 'e' }, { id: 'u', roles: ['official'] }, at)).toEqual({
      commandId: 'c',
      correlationId: 'r',
      causationId: 'e',
      actor: { id: 'u', roles: ['official'] },
      recordedAt: '2026-01-02T03:04:05.006Z',
    });
  });

  it('defaults correlation and causation to the command itself and keeps only id and roles of the actor', () => {
    const actor = { id: 'u', roles: ['reviewer'], ministry: 'finance' };
    expect(commandMetadata({ commandId: 'c' }, actor, '2026-01-02T03:04:05.006Z')).toEqual({
      commandId: 'c',
      correlationId: 'c',
      causationId: 'c',
      actor: { id: 'u', roles: ['reviewer'] },
      recordedAt: '2026-01-02T03:04:05.006Z',
    });
  });

  it('keeps the digest of a keyed command', () => {
    expect(commandMetadata({ commandId: 'c' }, { id: 'u', roles: [] }, at, 'abc')).toMatchObject({ commandDigest: 'abc' });
  });

  it('refuses an invalid time', () => {
    expect(() => commandMetadata({ commandId: 'c' }, { id: 'u', roles: [] }, new Date(Number.NaN))).toThrow(RangeError);
  });
});
