import { isBearer } from './bearer-token';

const token = 'a'.repeat(40);

describe('isBearer', () => {
  it('accepts exactly the token, whatever the case of the scheme', () => {
    expect(isBearer(`Bearer ${token}`, token)).toBe(true);
    expect(isBearer(`bearer ${token}`, token)).toBe(true);
  });

  it.each([undefined, '', token, `Basic ${token}`, `Bearer ${token}a`, `Bearer ${token.slice(1)}`, `Bearer  ${token}`, `Bearer ${token} x`, ['Bearer', token]])(
    'refuses %p',
    (header) => {
      expect(isBearer(header, token)).toBe(false);
    },
  );
});
