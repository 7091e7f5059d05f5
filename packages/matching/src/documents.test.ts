import { compareDocuments, documentKey, documentReasons, explainDocument } from './documents';
import { icaoNormaliser } from './names/transliterate';

describe('document matching', () => {
  const listed = documentKey('GIN', 'R0739215', icaoNormaliser);

  it('is exact on issuing state and number, fillers and case aside', () => {
    const traveller = documentKey('GIN', 'r0739215<<', icaoNormaliser);
    const c = compareDocuments(traveller, listed);
    expect(c.kind).toBe('exact');
    expect(explainDocument(traveller, listed, c, 'passport')).toBe('passport GIN R0739215 is on the list');
    expect(documentReasons(traveller, listed, c, 'passport')).toEqual([
      { kind: 'document', relation: 'exact', documentType: 'passport', travellerState: 'GIN', travellerNumber: 'R0739215', listState: 'GIN', listNumber: 'R0739215', differences: [], stateDiffers: false },
    ]);
  });

  it('is "possible" on a confusion-folded number and shows the difference', () => {
    const traveller = documentKey('GIN', 'RO739Z15', icaoNormaliser);
    const c = compareDocuments(traveller, listed);
    expect(c.kind).toBe('possible');
    expect(c.differences).toEqual([{ position: 2, traveller: 'O', listed: '0' }, { position: 6, traveller: 'Z', listed: '2' }]);
    expect(explainDocument(traveller, listed, c)).toBe(
      'document GIN RO739Z15 ≈ GIN R0739215, O read where the list has 0 at position 2, Z read where the list has 2 at position 6 (possible: check the document)',
    );
    expect(documentReasons(traveller, listed, c)).toEqual([
      {
        kind: 'document', relation: 'possible', travellerState: 'GIN', travellerNumber: 'RO739Z15', listState: 'GIN', listNumber: 'R0739215', stateDiffers: false,
        differences: [{ position: 2, traveller: 'O', list: '0' }, { position: 6, traveller: 'Z', list: '2' }],
      },
    ]);
  });

  it("maps Germany's D to DEU and does not match other numbers", () => {
    expect(documentKey('D', 'C01X00T47', icaoNormaliser).issuingState).toBe('DEU');
    expect(compareDocuments(documentKey('GIN', 'R0739216', icaoNormaliser), listed).kind).toBe('none');
  });
});
