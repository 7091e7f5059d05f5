export { seededRng, pick, zipfPicker, type Rng } from './random';
export {
  generateListEntries, generateCleanTravellers, makePositive, makeHardNegative, respellToken, entryCulture,
  DEFAULT_REGIONAL_SHARE, DEFAULT_FOREIGN_TRAVELLER_SHARE,
  type LabelledTraveller, type VariationClass, type NegativeClass, type NameCulture, type ListComposition, type ListOptions, type CleanTravellerOptions,
} from './generate';
export { CULTURES, LIST_CULTURE_WEIGHTS, TRAVELLER_CULTURE_WEIGHTS, type Culture } from './cultures';
