import { type Static, Type } from '@sinclair/typebox';
import { CountryCode, IsoDateTime, LongText, PartialDate, PostId, ShortText, documentSchema } from './common';

/**
 * Reference data: written only by central in database `reference`, pulled by posts. The server
 * filters what each post may read with `referenceAudience` (see audience.ts).
 */
const key = '[A-Za-z0-9._-]{1,120}';

export const UserSchema = documentSchema(
  'user',
  {
    userId: Type.String({ pattern: `^${key}$` }),
    name: ShortText,
    roles: Type.Array(Type.Union(['officer', 'supervisor', 'technician', 'admin'].map((r) => Type.Literal(r))), { minItems: 1 }),
    /** The posts where the user may sign in offline; their password hash travels only there. */
    posts: Type.Array(PostId),
    passwordHash: Type.String({ maxLength: 300 }),
    disabled: Type.Optional(Type.Boolean()),
    /**
     * Posts the user was taken off. They stay in the audience so that a post already holding an older
     * revision (which still names it) receives the one that does not, and refuses the user there.
     */
    withdrawnPosts: Type.Optional(Type.Array(PostId)),
  },
  `^user:${key}$`,
);

export const PostSchema = documentSchema(
  'post',
  // Country and kind are filled in by an administrator; a post created by enrolment has only its name.
  { postId: PostId, name: ShortText, country: Type.Optional(CountryCode), kind: Type.Optional(Type.Union(['land', 'air', 'sea'].map((k) => Type.Literal(k)))) },
  '^post:[a-z0-9][a-z0-9-]{0,39}$',
);

export const StationSchema = documentSchema(
  'station',
  { stationId: Type.String({ pattern: `^${key}$` }), postId: PostId, name: ShortText, revoked: Type.Optional(Type.Boolean()) },
  `^station:${key}$`,
);

export const RiskProfileSchema = documentSchema(
  'risk-profile',
  {
    profileId: Type.String({ pattern: `^${key}$` }),
    name: ShortText,
    rule: Type.Record(Type.String(), Type.Unknown()),
    posts: Type.Optional(Type.Array(PostId)),
    /**
     * Posts that applied an earlier revision and no longer should: they keep receiving the document so they
     * learn it (the post applies a profile only when `posts` is absent or names it).
     */
    withdrawnPosts: Type.Optional(Type.Array(PostId)),
  },
  `^risk-profile:${key}$`,
);

export const SettingsSchema = documentSchema(
  'settings',
  { scope: Type.String({ pattern: '^(global|post-[a-z0-9][a-z0-9-]{0,39})$' }), values: Type.Record(Type.String(), Type.Unknown()) },
  '^settings:(global|post-[a-z0-9][a-z0-9-]{0,39})$',
);

export const MergeSchema = documentSchema(
  'merge',
  { survivorId: ShortText, mergedIds: Type.Array(ShortText, { minItems: 1 }), decidedBy: ShortText, decidedAt: IsoDateTime },
  `^merge:${key}$`,
);

/** Alert-list shapes as agreed with matching (team DOCS.md): keep them stable. */
export const AlertListSchema = documentSchema(
  'alert-list',
  {
    listId: Type.String({ pattern: `^${key}$` }),
    name: ShortText,
    version: Type.Integer({ minimum: 1 }),
    kind: Type.Union([Type.Literal('person'), Type.Literal('document'), Type.Literal('mixed')]),
    thresholds: Type.Object({ person: Type.Number({ minimum: 0, maximum: 1 }) }),
    entryCount: Type.Integer({ minimum: 0 }),
    publishedAt: IsoDateTime,
    source: Type.Union(['csv', 'json', 'un-xml', 'ofac-sdn'].map((s) => Type.Literal(s))),
  },
  `^alert-list:${key}$`,
);

export const AlertPersonSchema = documentSchema(
  'alert-person',
  {
    listId: Type.String({ pattern: `^${key}$` }),
    listVersion: Type.Integer({ minimum: 1 }),
    entryId: Type.String({ pattern: `^${key}$` }),
    names: Type.Array(Type.Object({ surname: ShortText, givenNames: ShortText }), { minItems: 1 }),
    birthDates: Type.Array(PartialDate),
    sex: Type.Optional(Type.Union([Type.Literal('M'), Type.Literal('F'), Type.Null()])),
    nationalities: Type.Array(CountryCode),
    reason: LongText,
    instruction: LongText,
    removed: Type.Optional(Type.Boolean()),
  },
  `^alert-person:${key}:${key}$`,
);

export const AlertDocumentSchema = documentSchema(
  'alert-document',
  {
    listId: Type.String({ pattern: `^${key}$` }),
    listVersion: Type.Integer({ minimum: 1 }),
    entryId: Type.String({ pattern: `^${key}$` }),
    issuingState: CountryCode,
    documentNumber: Type.String({ minLength: 1, maxLength: 30 }),
    documentType: Type.Optional(ShortText),
    reason: LongText,
    instruction: LongText,
    removed: Type.Optional(Type.Boolean()),
  },
  `^alert-document:${key}:${key}$`,
);

export type UserDoc = Static<typeof UserSchema>;
export type PostDoc = Static<typeof PostSchema>;
export type StationDoc = Static<typeof StationSchema>;
export type RiskProfileDoc = Static<typeof RiskProfileSchema>;
export type SettingsDoc = Static<typeof SettingsSchema>;
export type MergeDoc = Static<typeof MergeSchema>;
export type AlertListDoc = Static<typeof AlertListSchema>;
export type AlertPersonDoc = Static<typeof AlertPersonSchema>;
export type AlertDocumentDoc = Static<typeof AlertDocumentSchema>;
