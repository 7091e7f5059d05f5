export * from './types';
export { type Normaliser, icaoNormaliser, foldNameDigits, cleanDocumentNumber } from './names/transliterate';
export { NAME_CLASSES, PARTICLES } from './names/classes';
export { consonantSkeleton } from './names/skeleton';
export { tokenKey, nameClassOf } from './names/keys';
export { type NameToken, tokeniseName } from './names/tokens';
export { weightedEditDistance, compareTokens, type TokenMatch, type TokenRelation } from './names/similarity';
export { alignNames, type NameAlignment, type AlignedPair } from './names/align';
export { parsePartialDate, compareDates, type PartialDate, type DateRelation } from './score/dates';
export { scorePerson, qualify, commonNamePenalty, type Qualifiers, type PersonScore, type PreparedPerson, type PreparedTraveller, type ScoreContext } from './score/person';
export { explainPersonScore, personScoreReasons } from './score/explain';
export {
  prepareTraveller, preparePerson, preparePersonQualifiers, personIndexKeys, travellerIndexKeys, travellerPartKeys, keyHash, normaliseCountry, normaliseSex,
} from './prepare';
export { documentKey, compareDocuments, explainDocument, documentReasons, type DocumentKey, type DocumentComparison } from './documents';
export * from './lists';
export * as evaluation from './evaluation';
