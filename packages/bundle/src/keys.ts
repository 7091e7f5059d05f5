import crypto from 'node:crypto';

/**
 * Keys as PEM strings, so they can be kept in the OS secret store (station) or the server's database
 * (central) as text. A station has a signing key pair (Ed25519, its public half registered at central at
 * enrolment) and central has an encryption key pair (X25519, its public half given to every station).
 */
export interface KeyPairPem {
  publicKey: string;
  privateKey: string;
}

function pem(pair: crypto.KeyPairKeyObjectResult): KeyPairPem {
  return {
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Ed25519: signs bundles. */
export function generateSigningKeys(): KeyPairPem {
  return pem(crypto.generateKeyPairSync('ed25519'));
}

/** X25519: the recipient's key bundles are encrypted to. */
export function generateEncryptionKeys(): KeyPairPem {
  return pem(crypto.generateKeyPairSync('x25519'));
}
