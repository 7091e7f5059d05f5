import { BorderpostError } from '@borderpost/common';
import { assertPostId, newDeviceHealthId, newPostDocId, newUlid } from '../ids';
import { type Rng, intBetween, pick, seededRng } from './random';
import { fingerprintPng, placeholderFaceJpeg } from './images';
import { parseMrz } from '@borderpost/mrz';
import { type TravellerSource, defaultTravellerSource } from './traveller';

export interface ExampleOptions {
  postId: string;
  count?: number;
  /** Same seed, same documents (ids included). Without it, every run differs. */
  seed?: number;
  /** Time of the first example (ms); later ones follow a few minutes apart. Default: now minus the
   * span of the examples, or 2026-01-01 with a seed (so a seed alone reproduces everything). */
  startTime?: number;
  travellerSource?: TravellerSource;
  /** Extra bytes in each face photo, to make benchmark documents photo-sized. */
  facePaddingBytes?: number;
}

type Doc = Record<string, unknown>;
type Generator = (ctx: Context, index: number) => Doc;

interface Context {
  rng: Rng;
  postId: string;
  time: number;
  ulid: () => string;
  travellers: TravellerSource;
  facePaddingBytes: number;
}

const SEEDED_START = Date.UTC(2026, 0, 1, 8, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const FINGERS = ['right-thumb', 'right-index', 'left-thumb', 'left-index'] as const;
const OFFICERS = ['officer-amadou', 'officer-lina', 'officer-koffi', 'officer-sarah'];

function station(ctx: Context): string {
  return `${ctx.postId}-ws${intBetween(ctx.rng, 1, 3)}`;
}

const crossing: Generator = (ctx) => {
  const { rng } = ctx;
  const ulid = ctx.ulid();
  const traveller = ctx.travellers(rng, new Date(ctx.time));
  const start = ctx.time;
  const fingers = FINGERS.map((position, i) => ({ position, quality: intBetween(rng, 40, 99), attachment: `finger-${position}.png`, seed: intBetween(rng, 0, 1 << 20) + i }));
  // The checks an officer would see come from parsing the MRZ the reader returned.
  const parsed = parseMrz(traveller.lines.join('\n'), { today: new Date(start) });
  const expired = traveller.fields.expiryDate < iso(start).slice(0, 10);
  const hit = rng() < 0.15;
  const outcome = hit ? pick(rng, ['refused', 'referred'] as const) : expired ? 'refused' : 'admitted';
  const reasonCode = hit ? 'ALERT_HIT' : expired ? 'EXPIRED_DOCUMENT' : undefined;
  const attachments: Doc = {
    'face.jpg': { content_type: 'image/jpeg', data: placeholderFaceJpeg(`face ${ulid}`, 8, ctx.facePaddingBytes).toString('base64') },
  };
  for (const finger of fingers) attachments[finger.attachment] = { content_type: 'image/png', data: fingerprintPng(finger.seed).toString('base64') };
  const f = traveller.fields;
  return {
    _id: newPostDocId('crossing', ctx.postId, ulid),
    type: 'crossing',
    postId: ctx.postId,
    stationId: station(ctx),
    officerId: pick(rng, OFFICERS),
    direction: rng() < 0.5 ? 'entry' : 'exit',
    createdAt: iso(start + 48_000),
    document: {
      format: traveller.format,
      documentCode: f.documentCode,
      issuingState: f.issuingState,
      documentNumber: f.documentNumber,
      expiryDate: f.expiryDate,
      mrzLines: traveller.lines,
      checks: parsed.checks,
      valid: parsed.valid,
      corrections: [],
      confirmedCorrections: [],
      source: 'reader',
    },
    traveller: { surname: f.surname, givenNames: f.givenNames, birthDate: f.birthDate, sex: f.sex, nationality: f.nationality },
    biometrics: { fingers: fingers.map(({ position, quality, attachment }) => ({ position, quality, attachment })), face: { present: true, attachment: 'face.jpg' } },
    checks: {
      hits: hit
        ? [{ listId: 'national-watchlist', listVersion: 12, entryId: `E${intBetween(rng, 1000, 9999)}`, kind: 'person', score: Math.round((0.8 + rng() * 0.2) * 1000) / 1000, explanation: 'surname and birth date match; given names differ by one letter' }]
        : [],
      riskFlags: [],
      listVersions: { 'national-watchlist': 12, 'interpol-sltd': 311 },
    },
    decision: { outcome, ...(outcome === 'refused' && reasonCode ? { reasonCode } : {}), at: iso(start + 47_000) },
    travel: { purpose: pick(rng, ['tourism', 'business', 'trade', 'family', 'transit'] as const), destination: pick(rng, ['NIAMEY', 'AGADEZ', 'ZINDER', 'MARADI']), transport: pick(rng, ['car', 'bus', 'truck', 'foot'] as const) },
    timings: { startedAt: iso(start), documentReadAt: iso(start + 6_000), biometricsAt: iso(start + 31_000), checksAt: iso(start + 33_000), decidedAt: iso(start + 47_000) },
    clock: { stationTime: iso(start + 48_000), serverOffsetMs: intBetween(rng, -4000, 4000) },
    _attachments: attachments,
  };
};

const traveller: Generator = (ctx) => {
  const t = ctx.travellers(ctx.rng, new Date(ctx.time)).fields;
  const ulid = ctx.ulid();
  return {
    _id: newPostDocId('traveller', ctx.postId, ulid),
    type: 'traveller',
    postId: ctx.postId,
    stationId: station(ctx),
    createdAt: iso(ctx.time),
    surname: t.surname,
    givenNames: t.givenNames,
    birthDate: t.birthDate,
    sex: t.sex,
    nationality: t.nationality,
    documents: [{ issuingState: t.issuingState, documentNumber: t.documentNumber, expiryDate: t.expiryDate }],
    firstCrossingId: newPostDocId('crossing', ctx.postId, ulid),
  };
};

const AUDIT_ACTIONS = ['session.sign-in', 'session.sign-out', 'crossing.commit', 'alert.acknowledge', 'device.configure', 'sync.run'];

const audit: Generator = (ctx) => {
  const action = pick(ctx.rng, AUDIT_ACTIONS);
  return {
    _id: newPostDocId('audit', ctx.postId, ctx.ulid()),
    type: 'audit',
    postId: ctx.postId,
    stationId: station(ctx),
    createdAt: iso(ctx.time),
    actorId: pick(ctx.rng, OFFICERS),
    action,
    outcome: ctx.rng() < 0.95 ? 'ok' : 'denied',
    details: { durationMs: intBetween(ctx.rng, 5, 900) },
  };
};

const inspectionNote: Generator = (ctx) => ({
  _id: newPostDocId('inspection-note', ctx.postId, ctx.ulid()),
  type: 'inspection-note',
  postId: ctx.postId,
  stationId: station(ctx),
  createdAt: iso(ctx.time),
  crossingId: newPostDocId('crossing', ctx.postId, newUlid(ctx.time - 60_000, ctx.rng)),
  officerId: pick(ctx.rng, OFFICERS),
  note: pick(ctx.rng, ['Luggage inspected, nothing to declare.', 'Traveller referred for visa check; visa valid.', 'Photo mismatch resolved with second ID card.']),
});

const deviceHealth: Generator = (ctx) => {
  const stationId = station(ctx);
  return {
    _id: newDeviceHealthId(ctx.postId, stationId, ctx.ulid()),
    type: 'device-health',
    postId: ctx.postId,
    stationId,
    createdAt: iso(ctx.time),
    devices: [
      { kind: 'mrz-reader', model: 'Swipe-3000 (emulated)', status: 'ok' },
      { kind: 'fingerprint-scanner', model: 'FS-10 (emulated)', status: ctx.rng() < 0.9 ? 'ok' : 'degraded' },
    ],
    pendingDocs: intBetween(ctx.rng, 0, 400),
    diskFreeBytes: intBetween(ctx.rng, 1, 200) * 1_000_000_000,
  };
};

const alertPerson: Generator = (ctx, index) => {
  const t = ctx.travellers(ctx.rng, new Date(ctx.time)).fields;
  return {
    _id: `alert-person:national-watchlist:E${10000 + index}`,
    type: 'alert-person',
    listId: 'national-watchlist',
    listVersion: 12,
    entryId: `E${10000 + index}`,
    names: [{ surname: t.surname, givenNames: t.givenNames }],
    birthDates: [rngPartial(ctx.rng, t.birthDate)],
    sex: t.sex === 'M' || t.sex === 'F' ? t.sex : null,
    nationalities: [t.nationality],
    reason: 'Arrest warrant (example data)',
    instruction: 'Refer to secondary inspection; call the duty supervisor.',
  };
};

function rngPartial(rng: Rng, date: string): string {
  const roll = rng();
  return roll < 0.7 ? date : roll < 0.9 ? date.slice(0, 7) : date.slice(0, 4);
}

const alertDocument: Generator = (ctx, index) => {
  const t = ctx.travellers(ctx.rng, new Date(ctx.time)).fields;
  return {
    _id: `alert-document:interpol-sltd:D${20000 + index}`,
    type: 'alert-document',
    listId: 'interpol-sltd',
    listVersion: 311,
    entryId: `D${20000 + index}`,
    issuingState: t.issuingState,
    documentNumber: t.documentNumber,
    documentType: 'P',
    reason: 'Reported stolen (example data)',
    instruction: 'Retain the document; refer to secondary inspection.',
  };
};

const alertList: Generator = (ctx, index) => ({
  _id: `alert-list:list-${index + 1}`,
  type: 'alert-list',
  listId: `list-${index + 1}`,
  name: `Example list ${index + 1}`,
  version: intBetween(ctx.rng, 1, 40),
  kind: pick(ctx.rng, ['person', 'document', 'mixed'] as const),
  thresholds: { person: 0.85 },
  entryCount: intBetween(ctx.rng, 10, 100_000),
  publishedAt: iso(ctx.time),
  source: pick(ctx.rng, ['csv', 'json', 'un-xml', 'ofac-sdn'] as const),
});

const user: Generator = (ctx, index) => ({
  _id: `user:${ctx.postId}-officer-${index + 1}`,
  type: 'user',
  userId: `${ctx.postId}-officer-${index + 1}`,
  name: `${ctx.travellers(ctx.rng, new Date(ctx.time)).fields.givenNames} (example)`,
  roles: ['officer'],
  posts: [ctx.postId],
  passwordHash: 'scrypt$example$not-a-real-hash',
});

const stationDoc: Generator = (ctx, index) => ({
  _id: `station:${ctx.postId}-ws${index + 1}`,
  type: 'station',
  stationId: `${ctx.postId}-ws${index + 1}`,
  postId: ctx.postId,
  name: `Workstation ${index + 1}`,
});

const post: Generator = (ctx, index) => {
  const postId = index === 0 ? ctx.postId : `${ctx.postId}-${index + 1}`;
  return { _id: `post:${postId}`, type: 'post', postId, name: `Post ${postId}`, country: 'NER', kind: 'land' };
};

export const exampleGenerators: Record<string, Generator> = {
  crossing,
  traveller,
  audit,
  'inspection-note': inspectionNote,
  'device-health': deviceHealth,
  'alert-person': alertPerson,
  'alert-document': alertDocument,
  'alert-list': alertList,
  user,
  station: stationDoc,
  post,
};

export const exampleTypes = Object.keys(exampleGenerators);

/** `count` distinct, valid, realistic documents of `type` for post `postId`. */
export function exampleDocuments(type: string, options: ExampleOptions): Doc[] {
  assertPostId(options.postId);
  const generator = exampleGenerators[type];
  if (!generator) throw new BorderpostError('SCHEMA_UNKNOWN_TYPE', `no examples for "${type}"; known: ${exampleTypes.join(', ')}`);
  const count = options.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new BorderpostError('SCHEMA_BAD_COUNT', 'count must be an integer from 1 to 100000');
  const rng = seededRng(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  const ulidFactory = (time: () => number) => () => newUlid(time(), options.seed === undefined ? undefined : rng);
  const ctx: Context = {
    rng,
    postId: options.postId,
    time: options.startTime ?? (options.seed === undefined ? Date.now() - count * 180_000 : SEEDED_START),
    ulid: () => '',
    travellers: options.travellerSource ?? defaultTravellerSource,
    facePaddingBytes: options.facePaddingBytes ?? 0,
  };
  ctx.ulid = ulidFactory(() => ctx.time);
  const docs: Doc[] = [];
  for (let index = 0; index < count; index++) {
    docs.push(generator(ctx, index));
    ctx.time += intBetween(rng, 30_000, 300_000);
  }
  return docs;
}
