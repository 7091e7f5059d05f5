export { createBundle, openBundle, readBundleHeader, MAX_BUNDLE_BYTES, type BundleHeader, type BundleDocument, type CreateBundleOptions, type OpenBundleOptions } from './format';
export { generateSigningKeys, generateEncryptionKeys, type KeyPairPem } from './keys';
