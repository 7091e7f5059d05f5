import { type TSchema, Type } from '@sinclair/typebox';
import { POST_ID_PATTERN } from './ids';

/** Fields every replicated document may carry (CouchDB metadata); the server and PouchDB own them. */
export const Attachment = Type.Object(
  {
    content_type: Type.String({ minLength: 1, maxLength: 100 }),
    data: Type.Optional(Type.String()),
    digest: Type.Optional(Type.String()),
    length: Type.Optional(Type.Integer({ minimum: 0 })),
    revpos: Type.Optional(Type.Integer({ minimum: 1 })),
    stub: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);

export const Revisions = Type.Object({ start: Type.Integer({ minimum: 1 }), ids: Type.Array(Type.String()) });

export const CouchFields = {
  _id: Type.String({ minLength: 3, maxLength: 200 }),
  _rev: Type.Optional(Type.String()),
  _revisions: Type.Optional(Revisions),
  _deleted: Type.Optional(Type.Boolean()),
  _attachments: Type.Optional(Type.Record(Type.String(), Attachment)),
};

export const PostId = Type.String({ pattern: POST_ID_PATTERN });
export const IsoDateTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$' });
/** Full or partial dates, as alert lists carry them (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`). */
export const PartialDate = Type.String({ pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' });
export const FullDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** ICAO 9303 three-letter codes (and the one-letter `D` for Germany as printed in MRZs). */
export const CountryCode = Type.String({ pattern: '^[A-Z<]{1,3}$' });
export const Sex = Type.Union([Type.Literal('M'), Type.Literal('F'), Type.Literal('X'), Type.Literal('<')]);
export const ShortText = Type.String({ maxLength: 200 });
export const LongText = Type.String({ maxLength: 4000 });

/** A document schema: the `type` literal plus CouchDB fields plus the body. Extra fields are allowed so
 * a newer post can add a field before central knows it (the contract only tightens by version). */
export function documentSchema<T extends string, P extends Record<string, TSchema>>(type: T, body: P, idPattern: string) {
  return Type.Object(
    { ...CouchFields, _id: Type.String({ pattern: idPattern, maxLength: 200 }), type: Type.Literal(type), ...body },
    { additionalProperties: true, $id: type },
  );
}
