export { seededRng, pick, zipfPicker, type Rng } from './random';
export {
  generateListEntries, generateCleanTravellers, makePositive, makeHardNegative, respellToken,
  type LabelledTraveller, type VariationClass, type NegativeClass,
} from './generate';
