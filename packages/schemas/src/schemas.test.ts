import { builtinTravellerSource, checkPostDocument, checkReferenceDocument, exampleDocuments, exampleTypes, icaoCheckDigit, newPostDocId, parseDocId, postDatabaseName, postIdOfDatabase, referenceAudience, td3Lines, validateDocument } from './index';
import { documentType } from './registry';

describe('ids', () => {
  it('mints time-sorted crossing ids that parse back', () => {
    const first = newPostDocId('crossing', 'agadez-1');
    const second = newPostDocId('crossing', 'agadez-1');
    expect(first < second).toBe(true);
    const parsed = parseDocId(first);
    expect(parsed).toMatchObject({ type: 'crossing', postId: 'agadez-1' });
    expect(Math.abs((parsed?.createdAt?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('maps post ids to database names and back, refusing bad ids', () => {
    expect(postDatabaseName('p1')).toBe('post-p1');
    expect(postIdOfDatabase('post-p1')).toBe('p1');
    expect(postIdOfDatabase('reference')).toBeNull();
    expect(() => postDatabaseName('Bad:Id')).toThrow(expect.objectContaining({ code: 'SCHEMA_BAD_POST_ID' }));
    expect(parseDocId('crossing::x')).toBeNull();
  });
});

describe('examples', () => {
  it.each(exampleTypes)('%s examples are valid, distinct and reproducible by seed', (type) => {
    const docs = exampleDocuments(type, { postId: 'p1', count: 5, seed: 7 });
    expect(new Set(docs.map((doc) => doc._id)).size).toBe(5);
    for (const doc of docs) {
      const owner = documentType(type)?.owner;
      const check = owner === 'post' ? checkPostDocument(doc, 'p1') : checkReferenceDocument(doc);
      expect(check).toEqual({ ok: true, type });
    }
    expect(exampleDocuments(type, { postId: 'p1', count: 5, seed: 7 })).toEqual(docs);
  });

  it('crossings carry a face JPEG and fingerprint PNGs inline', () => {
    const [crossing] = exampleDocuments('crossing', { postId: 'p1', count: 1 });
    const attachments = crossing?._attachments as Record<string, { content_type: string; data: string }>;
    const face = Buffer.from(attachments['face.jpg']!.data, 'base64');
    expect([face[0], face[1], face[face.length - 2], face[face.length - 1]]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    const finger = Buffer.from(attachments['finger-right-thumb.png']!.data, 'base64');
    expect(finger.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('takes travellers from @borderpost/mrz, whose parser accepts every generated MRZ; the built-in source still works', () => {
    const docs = exampleDocuments('crossing', { postId: 'p1', count: 20, seed: 11 }) as { document: { valid: boolean; mrzLines: string[] } }[];
    expect(docs.every((doc) => doc.document.valid)).toBe(true);
    const builtin = exampleDocuments('crossing', { postId: 'p1', count: 3, seed: 11, travellerSource: builtinTravellerSource });
    for (const doc of builtin) expect(checkPostDocument(doc, 'p1')).toEqual({ ok: true, type: 'crossing' });
  });

  it('refuses unknown types and bad counts with stable codes', () => {
    expect(() => exampleDocuments('nope', { postId: 'p1' })).toThrow(expect.objectContaining({ code: 'SCHEMA_UNKNOWN_TYPE' }));
    expect(() => exampleDocuments('audit', { postId: 'p1', count: 0 })).toThrow(expect.objectContaining({ code: 'SCHEMA_BAD_COUNT' }));
  });
});

describe('validation', () => {
  const [crossing] = exampleDocuments('crossing', { postId: 'p1', count: 1, seed: 1 }) as [Record<string, unknown>];

  it('refuses a document of another post, by id or by field', () => {
    expect(checkPostDocument(crossing, 'p2')).toMatchObject({ ok: false, code: 'SCHEMA_WRONG_POST' });
    expect(checkPostDocument({ ...crossing, postId: 'p2' }, 'p1')).toMatchObject({ ok: false, code: 'SCHEMA_WRONG_POST' });
  });

  it('refuses malformed, unknown, reference-typed and deleted documents', () => {
    expect(checkPostDocument({ ...crossing, direction: 'sideways' }, 'p1')).toMatchObject({ ok: false, code: 'SCHEMA_INVALID' });
    expect(checkPostDocument({ _id: 'x:p1:y', type: 'spaceship' }, 'p1')).toMatchObject({ ok: false, code: 'SCHEMA_UNKNOWN_TYPE' });
    expect(checkPostDocument([], 'p1')).toMatchObject({ ok: false, code: 'SCHEMA_NOT_OBJECT' });
    const [alert] = exampleDocuments('alert-person', { postId: 'p1', count: 1 });
    expect(checkPostDocument(alert, 'p1')).toMatchObject({ ok: false, code: 'SCHEMA_WRONG_OWNER' });
    expect(checkPostDocument({ _id: crossing._id, _deleted: true }, 'p1')).toMatchObject({ ok: false, code: 'SCHEMA_DELETE_FORBIDDEN' });
    expect(validateDocument({ ...crossing, traveller: undefined })).toMatchObject({ ok: false, code: 'SCHEMA_INVALID' });
  });

  it('tells which posts may read reference documents', () => {
    expect(referenceAudience({ type: 'alert-person' })).toBe('all');
    expect(referenceAudience({ type: 'user', posts: ['p1', 'p3'] })).toEqual(['p1', 'p3']);
    expect(referenceAudience({ type: 'user', posts: ['p1'], withdrawnPosts: ['p3', 'p1'] })).toEqual(['p1', 'p3']);
    expect(referenceAudience({ type: 'risk-profile' })).toBe('all');
    expect(referenceAudience({ type: 'risk-profile', posts: ['p2'], withdrawnPosts: ['p1'] })).toEqual(['p2', 'p1']);
    expect(referenceAudience({ type: 'settings', scope: 'post-p2' })).toEqual(['p2']);
    expect(referenceAudience({ type: 'who-knows' })).toEqual([]);
  });
});

describe('TD3 lines', () => {
  it('computes ICAO 9303 check digits (the specimen passport)', () => {
    expect(icaoCheckDigit('L898902C3')).toBe('6');
    expect(icaoCheckDigit('740812')).toBe('2');
    const lines = td3Lines({ documentCode: 'P', issuingState: 'UTO', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', documentNumber: 'L898902C3', nationality: 'UTO', birthDate: '1974-08-12', sex: 'F', expiryDate: '2012-04-15', optionalData: 'ZE184226B' });
    expect(lines).toEqual(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10']);
  });
});
