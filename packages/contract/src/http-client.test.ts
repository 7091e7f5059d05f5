import { secretFromFragment } from './http-client';

describe('secretFromFragment', () => {
  it('reads the launch secret from the URL fragment', () => {
    expect(secretFromFragment('#secret=abcdefghijklmnopqrstuv')).toBe('abcdefghijklmnopqrstuv');
    expect(secretFromFragment('#lang=fr&secret=' + encodeURIComponent('a+b/c=d-e_f.g~h0123'))).toBe('a+b/c=d-e_f.g~h0123');
  });

  it('gives null for a missing or implausibly short secret', () => {
    expect(secretFromFragment('')).toBeNull();
    expect(secretFromFragment('#secret=')).toBeNull();
    expect(secretFromFragment('#secret=short')).toBeNull();
  });
});
