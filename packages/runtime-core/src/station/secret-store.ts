import { BorderpostError } from '@borderpost/common';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What a station must keep secret: its token for central and the key of its encrypted store. */
export interface StationSecrets {
  version: 1;
  serverUrl: string;
  stationId: string;
  postId: string;
  stationName: string;
  /** Bearer token issued at enrolment (revocable by central). */
  token: string;
  /** 32 random bytes, base64: the SQLCipher key of the post's database. Never leaves the station. */
  databaseKey: string;
  enrolledAt: string;
  /**
   * Removable-media bundles (`@borderpost/bundle`): this station's private keys (PKCS#8 PEM; Ed25519 signs
   * what it exports, X25519 opens what central sends it) and central's public keys (SPKI PEM) as given at
   * enrolment. Absent in secrets written before bundles existed.
   */
  bundle?: StationBundleKeys;
}

export interface StationBundleKeys {
  signingKey: string;
  encryptionKey: string;
  central: { signing: string; encryption: string };
}

/**
 * Where the secrets live. In Electron: a file whose content is encrypted by the OS keychain through
 * `safeStorage` (pass its encrypt/decrypt as `codec`). In browser mode: a plain file readable only by
 * its owner (mode 0600), refused if anyone else can read it.
 */
export interface SecretStore {
  read(): Promise<StationSecrets | null>;
  write(secrets: StationSecrets): Promise<void>;
  clear(): Promise<void>;
}

/**
 * Seals the secrets file's content. May be asynchronous: in Electron the runtime process cannot call
 * `safeStorage` itself and asks the main process over the relay (`apps/desktop/src/secret-seal.ts`).
 */
export interface SecretCodec {
  encrypt(plain: Buffer): Buffer | Promise<Buffer>;
  decrypt(sealed: Buffer): Buffer | Promise<Buffer>;
}

function check(secrets: unknown): StationSecrets {
  const s = secrets as Partial<StationSecrets> | null;
  const strings = ['serverUrl', 'stationId', 'postId', 'stationName', 'token', 'databaseKey', 'enrolledAt'] as const;
  if (!s || s.version !== 1 || strings.some((key) => typeof s[key] !== 'string' || s[key] === '')) {
    throw new BorderpostError('STATION_SECRETS_CORRUPT', 'the station secrets file is not valid; enrol the station again');
  }
  if (Buffer.from(s.databaseKey!, 'base64').length !== 32) throw new BorderpostError('STATION_SECRETS_CORRUPT', 'the stored database key is not 32 bytes');
  if (s.bundle !== undefined) {
    const b = s.bundle as Partial<StationBundleKeys> | null;
    const pems = [b?.signingKey, b?.encryptionKey, b?.central?.signing, b?.central?.encryption];
    if (pems.some((pem) => typeof pem !== 'string' || !pem.startsWith('-----BEGIN '))) throw new BorderpostError('STATION_SECRETS_CORRUPT', 'the stored bundle keys are not valid');
  }
  return s as StationSecrets;
}

export class FileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly codec: SecretCodec | null = null,
  ) {}

  async read(): Promise<StationSecrets | null> {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    // A secrets file others can read is treated as leaked, not silently used (POSIX permissions only).
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new BorderpostError('STATION_SECRETS_INSECURE', `${this.file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); fix its permissions or enrol again`);
    }
    const raw = fs.readFileSync(this.file);
    let text: string;
    try {
      text = (this.codec ? await this.codec.decrypt(raw) : raw).toString('utf8');
      return check(JSON.parse(text));
    } catch (error) {
      if (error instanceof BorderpostError) throw error;
      throw new BorderpostError('STATION_SECRETS_CORRUPT', 'the station secrets cannot be read (wrong OS keychain or damaged file); enrol the station again');
    }
  }

  /** Atomic: a temporary file (0600) is written and fsynced, then renamed over the old one. */
  async write(secrets: StationSecrets): Promise<void> {
    check(secrets);
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const plain = Buffer.from(JSON.stringify(secrets), 'utf8');
    const content = this.codec ? await this.codec.encrypt(plain) : plain;
    const temporary = `${this.file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    const fd = fs.openSync(temporary, 'wx', 0o600);
    try {
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, this.file);
  }

  async clear(): Promise<void> {
    fs.rmSync(this.file, { force: true });
  }
}
