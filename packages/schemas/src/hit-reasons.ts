import { type Static, Type } from '@sinclair/typebox';
import { ShortText } from './common';

/**
 * Why an alert hit matched, as data (the matcher's `MatchReason`, the contract's `HitReason`), stored on
 * a crossing's hit beside the English `explanation` so supervisors read it in their own language.
 * Names are as read (MRZ Latin); dates are 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY'.
 *
 * Known kinds are checked field by field. A kind this version does not know is accepted as long as it
 * names itself: a newer post's matcher may add one, and refusing the whole crossing for it would keep a
 * saved record from reaching central. Readers fall back to `explanation` for a kind they cannot say.
 */
const Name = Type.String({ maxLength: 400 });
const ReasonDate = Type.String({ pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' });
const State = Type.String({ maxLength: 3 });
const DocumentNumber = Type.String({ maxLength: 40 });

export const NAME_REASON_RELATIONS = ['exact', 'spelling-variant', 'sounds-alike', 'spelling', 'initial', 'truncated'] as const;
export const BIRTH_DATE_REASON_RELATIONS = ['exact', 'year', 'day-month-swapped', 'same-year-other-day', 'one-year', 'one-year-other-day', 'different', 'no-list-date', 'no-traveller-date'] as const;
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const KnownHitReasonSchema = Type.Union([
  Type.Object({ kind: Type.Literal('alias'), index: Type.Integer({ minimum: 0 }) }),
  Type.Object({ kind: Type.Literal('name'), travellerName: Name, listName: Name, relation: literals(NAME_REASON_RELATIONS), nameClass: Type.Optional(ShortText) }),
  Type.Object({ kind: Type.Literal('name-unmatched'), side: literals(['traveller', 'list'] as const), names: Name }),
  Type.Object({ kind: Type.Literal('birth-date'), relation: literals(BIRTH_DATE_REASON_RELATIONS), traveller: Type.Optional(ReasonDate), list: Type.Optional(ReasonDate) }),
  Type.Object({ kind: Type.Literal('sex'), relation: Type.Literal('different'), traveller: Type.String({ maxLength: 1 }), list: Type.String({ maxLength: 1 }) }),
  Type.Object({ kind: Type.Literal('nationality'), relation: literals(['same', 'different'] as const), traveller: State, list: Type.Array(State, { maxItems: 20 }) }),
  Type.Object({ kind: Type.Literal('common-name') }),
  Type.Object({
    kind: Type.Literal('document'),
    relation: literals(['exact', 'possible'] as const),
    documentType: Type.Optional(ShortText),
    travellerState: State,
    travellerNumber: DocumentNumber,
    listState: State,
    listNumber: DocumentNumber,
    differences: Type.Array(Type.Object({ position: Type.Integer({ minimum: 1 }), traveller: Type.String({ maxLength: 4 }), list: Type.String({ maxLength: 4 }) }), { maxItems: 40 }),
    stateDiffers: Type.Boolean(),
  }),
]);
export type KnownHitReason = Static<typeof KnownHitReasonSchema>;

export const KNOWN_HIT_REASON_KINDS = ['alias', 'name', 'name-unmatched', 'birth-date', 'sex', 'nationality', 'common-name', 'document'] as const;

/** A kind from a newer matcher: only its name is checked (see above). */
const FutureHitReason = Type.Object({ kind: Type.String({ minLength: 1, maxLength: 60, not: { enum: [...KNOWN_HIT_REASON_KINDS] } }) });

export const HitReasonSchema = Type.Union([KnownHitReasonSchema, FutureHitReason]);
export type HitReasonDoc = Static<typeof HitReasonSchema>;
