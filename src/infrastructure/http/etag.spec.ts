import { etagOf, ifMatchAccepts, parseIfMatch } from './etag';

describe('ETag and If-Match', () => {
  it('quotes the version', () => {
    expect(etagOf(7)).toBe('"7"');
  });

  it.each([
    [undefined, 3, true],
    ['', 3, true],
    ['*', 3, true],
    ['"3"', 3, true],
    ['3', 3, true],
    ['"2", "3"', 3, true],
    ['"2"', 3, false],
    ['W/"3"', 3, false],
    ['garbage', 3, false],
  ])('If-Match %p against version %i: %p', (header, version, accepted) => {
    expect(ifMatchAccepts(parseIfMatch(header), version)).toBe(accepted);
  });
});
