import { type Static, Type } from '@sinclair/typebox';
import { POST_ID_PATTERN, ULID_PATTERN } from './ids';
import { CountryCode, FullDate, IsoDateTime, LongText, PostId, Sex, ShortText, documentSchema } from './common';
import { HitReasonSchema } from './hit-reasons';

/** Documents written only by a post, in its database `post-<postId>`. */
const postBody = (extraIdPart = '') => `^%TYPE%:${POST_ID_PATTERN.slice(1, -1)}:${extraIdPart}${ULID_PATTERN}$`;
const idPattern = (type: string, extra = '') => postBody(extra).replace('%TYPE%', type);

const common = {
  postId: PostId,
  stationId: Type.String({ minLength: 1, maxLength: 80 }),
  createdAt: IsoDateTime,
};

export const FingerPosition = Type.Union(
  ['right-thumb', 'right-index', 'right-middle', 'right-ring', 'right-little', 'left-thumb', 'left-index', 'left-middle', 'left-ring', 'left-little'].map((p) =>
    Type.Literal(p),
  ),
);

export const MrzCorrectionSchema = Type.Object({
  field: ShortText,
  position: Type.Integer({ minimum: 0 }),
  from: Type.String({ maxLength: 4 }),
  to: Type.String({ maxLength: 4 }),
});

export const AlertHit = Type.Object({
  listId: Type.String({ minLength: 1, maxLength: 80 }),
  listVersion: Type.Integer({ minimum: 1 }),
  entryId: Type.String({ minLength: 1, maxLength: 120 }),
  kind: Type.Union([Type.Literal('person'), Type.Literal('document')]),
  score: Type.Number({ minimum: 0, maximum: 1 }),
  explanation: LongText,
  /** The explanation as data (absent from crossings recorded before the matcher gave reasons). */
  reasons: Type.Optional(Type.Array(HitReasonSchema, { maxItems: 50 })),
  acknowledgement: Type.Optional(
    Type.Object({
      officerId: ShortText,
      at: IsoDateTime,
      outcome: Type.Union([Type.Literal('confirmed'), Type.Literal('dismissed'), Type.Literal('referred')]),
      note: Type.Optional(LongText),
    }),
  ),
});

export const CrossingSchema = documentSchema(
  'crossing',
  {
    ...common,
    officerId: Type.String({ minLength: 1, maxLength: 80 }),
    direction: Type.Union([Type.Literal('entry'), Type.Literal('exit')]),
    travellerId: Type.Optional(Type.String({ maxLength: 200 })),
    document: Type.Object({
      format: Type.Union(['TD1', 'TD2', 'TD3', 'MRVA', 'MRVB'].map((f) => Type.Literal(f))),
      documentCode: Type.String({ minLength: 1, maxLength: 2 }),
      issuingState: CountryCode,
      documentNumber: Type.String({ minLength: 1, maxLength: 30 }),
      expiryDate: FullDate,
      mrzLines: Type.Array(Type.String({ minLength: 30, maxLength: 44 }), { minItems: 2, maxItems: 3 }),
      checks: Type.Record(Type.String(), Type.Boolean()),
      valid: Type.Boolean(),
      corrections: Type.Array(MrzCorrectionSchema, { maxItems: 50 }),
      confirmedCorrections: Type.Array(MrzCorrectionSchema, { maxItems: 50 }),
      source: Type.Union([Type.Literal('reader'), Type.Literal('manual')]),
    }),
    traveller: Type.Object({
      surname: ShortText,
      givenNames: ShortText,
      birthDate: FullDate,
      sex: Sex,
      nationality: CountryCode,
    }),
    biometrics: Type.Object({
      fingers: Type.Array(
        Type.Object({
          position: FingerPosition,
          quality: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
          missingReason: Type.Optional(Type.Union(['amputated', 'injured', 'refused', 'device-failure', 'unreadable'].map((r) => Type.Literal(r)))),
          attachment: Type.Optional(Type.String({ pattern: '^finger-[a-z-]+\\.png$' })),
        }),
        { maxItems: 10 },
      ),
      face: Type.Object({ present: Type.Boolean(), attachment: Type.Optional(Type.Literal('face.jpg')) }),
    }),
    checks: Type.Object({
      hits: Type.Array(AlertHit, { maxItems: 100 }),
      riskFlags: Type.Array(Type.Object({ profileId: ShortText, reason: LongText }), { maxItems: 50 }),
      listVersions: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
    }),
    decision: Type.Object({
      outcome: Type.Union([Type.Literal('admitted'), Type.Literal('refused'), Type.Literal('referred')]),
      reasonCode: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,40}$' })),
      note: Type.Optional(LongText),
      at: IsoDateTime,
    }),
    travel: Type.Object({
      purpose: Type.Union(['tourism', 'business', 'transit', 'work', 'study', 'family', 'trade', 'other'].map((p) => Type.Literal(p))),
      destination: Type.Optional(ShortText),
      transport: Type.Union(['foot', 'car', 'bus', 'truck', 'air', 'boat', 'rail'].map((t) => Type.Literal(t))),
      vehicle: Type.Optional(ShortText),
      flight: Type.Optional(ShortText),
    }),
    timings: Type.Object({
      startedAt: IsoDateTime,
      documentReadAt: Type.Optional(IsoDateTime),
      biometricsAt: Type.Optional(IsoDateTime),
      checksAt: Type.Optional(IsoDateTime),
      decidedAt: IsoDateTime,
    }),
    clock: Type.Object({ stationTime: IsoDateTime, serverOffsetMs: Type.Union([Type.Integer(), Type.Null()]) }),
  },
  idPattern('crossing'),
);

export const TravellerSchema = documentSchema(
  'traveller',
  {
    ...common,
    surname: ShortText,
    givenNames: ShortText,
    birthDate: FullDate,
    sex: Sex,
    nationality: CountryCode,
    documents: Type.Array(
      Type.Object({ issuingState: CountryCode, documentNumber: Type.String({ minLength: 1, maxLength: 30 }), expiryDate: Type.Optional(FullDate) }),
      { maxItems: 50 },
    ),
    firstCrossingId: Type.String({ maxLength: 200 }),
  },
  idPattern('traveller'),
);

export const AuditSchema = documentSchema(
  'audit',
  {
    ...common,
    actorId: Type.String({ minLength: 1, maxLength: 80 }),
    action: Type.String({ pattern: '^[a-z]+(\\.[a-z-]+)+$', maxLength: 80 }),
    subjectId: Type.Optional(Type.String({ maxLength: 200 })),
    outcome: Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('failed')]),
    details: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]))),
  },
  idPattern('audit'),
);

export const InspectionNoteSchema = documentSchema(
  'inspection-note',
  { ...common, crossingId: Type.String({ maxLength: 200 }), officerId: ShortText, note: LongText },
  idPattern('inspection-note'),
);

export const DeviceHealthSchema = documentSchema(
  'device-health',
  {
    ...common,
    devices: Type.Array(
      Type.Object({
        kind: Type.Union(['mrz-reader', 'fingerprint-scanner', 'camera'].map((k) => Type.Literal(k))),
        model: ShortText,
        status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('missing'), Type.Literal('error')]),
        lastError: Type.Optional(ShortText),
      }),
      { maxItems: 20 },
    ),
    pendingDocs: Type.Integer({ minimum: 0 }),
    diskFreeBytes: Type.Optional(Type.Integer({ minimum: 0 })),
    /** The station's Borderpost version, shown on the console's posts page. */
    softwareVersion: Type.Optional(Type.String({ maxLength: 60 })),
    /** The station's clock against central's at the last sync (null before the first). */
    clock: Type.Optional(Type.Object({ serverOffsetMs: Type.Union([Type.Number(), Type.Null()]) })),
    /** Alert-list versions the station checks travellers against (list id → version). */
    listVersions: Type.Optional(Type.Record(Type.String({ maxLength: 80 }), Type.Integer({ minimum: 1 }), { maxProperties: 200 })),
  },
  // device-health:<postId>:<stationId>:<ulid>
  `^device-health:${POST_ID_PATTERN.slice(1, -1)}:[A-Za-z0-9_-]{1,80}:${ULID_PATTERN}$`,
);

export type CrossingDoc = Static<typeof CrossingSchema>;
export type TravellerDoc = Static<typeof TravellerSchema>;
export type AuditDoc = Static<typeof AuditSchema>;
export type InspectionNoteDoc = Static<typeof InspectionNoteSchema>;
export type DeviceHealthDoc = Static<typeof DeviceHealthSchema>;
