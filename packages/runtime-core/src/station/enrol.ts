import { BorderpostError, type Result, err, ok } from '@borderpost/common';
import crypto from 'node:crypto';
import { type SecretStore, type StationSecrets } from './secret-store';

export interface EnrolOptions {
  serverUrl: string;
  /** The one-time code a technician got from central (`borderpost server enrol`). */
  code: string;
  stationName: string;
  secrets: SecretStore;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Re-enrol into another post although this station holds another post's data (dangerous; off by default). */
  allowPostChange?: boolean;
}

function privatePem(kind: 'ed25519' | 'x25519'): string {
  const pair = kind === 'ed25519' ? crypto.generateKeyPairSync('ed25519') : crypto.generateKeyPairSync('x25519');
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function publicPem(privateKeyPem: string): string {
  return crypto.createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
}

function isPublicKey(pem: unknown, kind: 'ed25519' | 'x25519'): pem is string {
  if (typeof pem !== 'string') return false;
  try {
    return crypto.createPublicKey(pem).asymmetricKeyType === kind;
  } catch {
    return false;
  }
}

function normaliseServerUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    if (parsed.username || parsed.password || parsed.search || parsed.hash) return null;
    return parsed.toString().replace(/\/+$/, '');
  } catch {
    return null;
  }
}

/**
 * Enrols this station with central using a one-time code and keeps what it gets in the secret store.
 * Re-enrolment (after a token was revoked or expired) keeps the existing database key — the local store
 * is encrypted with it — and refuses to move the station to another post unless asked to, so one post's
 * records never end up in another post's database.
 */
export async function enrolStation(options: EnrolOptions): Promise<Result<StationSecrets>> {
  const serverUrl = normaliseServerUrl(options.serverUrl);
  if (!serverUrl) return err({ code: 'STATION_BAD_SERVER_URL', message: 'the server address must be an http(s) URL without credentials' });
  const code = options.code.trim();
  if (code.length < 4 || code.length > 40) return err({ code: 'STATION_BAD_CODE', message: 'the enrolment code has the wrong length' });
  const stationName = options.stationName.trim();
  if (stationName.length < 1 || stationName.length > 120) return err({ code: 'STATION_BAD_NAME', message: 'the station name must be 1–120 characters' });

  let previous: StationSecrets | null = null;
  try {
    previous = await options.secrets.read();
  } catch (error) {
    // Corrupt or insecure secrets: enrolling again is the remedy, but the old database key is lost with
    // them, so the caller must know the local store cannot be reopened.
    if (!(error instanceof BorderpostError)) throw error;
  }

  // The bundle keys stay with the station across re-enrolments (like the database key), so bundles
  // already on a stick remain readable; central just gets the public halves again.
  const signingKey = previous?.bundle?.signingKey ?? privatePem('ed25519');
  const encryptionKey = previous?.bundle?.encryptionKey ?? privatePem('x25519');

  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(`${serverUrl}/api/stations/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, stationName, bundleKeys: { signing: publicPem(signingKey), encryption: publicPem(encryptionKey) } }),
    });
  } catch (error) {
    return err({ code: 'STATION_ENROL_NO_LINK', message: `central cannot be reached: ${error instanceof Error ? error.message : String(error)}` });
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.status !== 201) {
    const serverError = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    return err({
      code: 'STATION_ENROL_REFUSED',
      message: typeof serverError?.message === 'string' ? serverError.message : `central answered HTTP ${response.status}`,
      details: { status: response.status, serverCode: typeof serverError?.code === 'string' ? serverError.code : null },
    });
  }
  const granted = body as { stationId?: unknown; postId?: unknown; token?: unknown; centralBundleKeys?: { signing?: unknown; encryption?: unknown } };
  if (typeof granted?.stationId !== 'string' || typeof granted.postId !== 'string' || typeof granted.token !== 'string') {
    return err({ code: 'STATION_ENROL_BAD_ANSWER', message: 'central answered without station id, post or token' });
  }
  const central = granted.centralBundleKeys;
  const centralKeys = central && isPublicKey(central.signing, 'ed25519') && isPublicKey(central.encryption, 'x25519') ? { signing: central.signing, encryption: central.encryption } : null;
  if (previous && previous.postId !== granted.postId && !options.allowPostChange) {
    return err({
      code: 'STATION_OTHER_POST',
      message: `this station holds data of post ${previous.postId}; the code is for post ${granted.postId}`,
      details: { current: previous.postId, offered: granted.postId },
    });
  }
  const secrets: StationSecrets = {
    version: 1,
    serverUrl,
    stationId: granted.stationId,
    postId: granted.postId,
    stationName,
    token: granted.token,
    databaseKey: previous && previous.postId === granted.postId ? previous.databaseKey : crypto.randomBytes(32).toString('base64'),
    enrolledAt: (options.now?.() ?? new Date()).toISOString(),
    // Without central's keys (an older central) the station simply cannot use bundles until it re-enrols.
    ...(centralKeys ? { bundle: { signingKey, encryptionKey, central: centralKeys } } : {}),
  };
  await options.secrets.write(secrets);
  return ok(secrets);
}
