import type { FastifyInstance } from 'fastify';
import { badRequest } from '../storage/errors';
import { type ConsoleContext, IsoDate, anyObject, errorResponses, security } from './context';
import { checkedReference, referenceDocsByPrefix, writeReference } from './reconcile';
import { actor } from './session';

const Country = { type: 'string', pattern: '^[A-Z<]{1,3}$' } as const;
const Clock = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } as const;

/**
 * The rule language of a risk profile (issue 9): every condition present must hold. The post runtime
 * evaluates it; central only checks its shape, so a typo cannot publish a rule posts would ignore.
 */
export const RiskRuleSchema = {
  type: 'object',
  properties: {
    nationalities: { type: 'array', items: Country, maxItems: 250 },
    ageBand: { type: 'object', properties: { min: { type: 'integer', minimum: 0, maximum: 130 }, max: { type: 'integer', minimum: 0, maximum: 130 } }, additionalProperties: false },
    sex: { type: 'string', enum: ['M', 'F', 'X'] },
    routes: { type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 100, description: 'destinations or transports (foot, car, bus, truck, air, boat, rail)' },
    documentTypes: { type: 'array', items: { type: 'string', maxLength: 2 }, maxItems: 20, description: 'MRZ document codes (P, I, V, …)' },
    documentIssuedWithinDays: { type: 'integer', minimum: 1, maximum: 36500, description: 'a recently issued document (from its expiry and usual validity)' },
    travellingAlone: { type: 'boolean' },
    timeOfDay: { type: 'object', properties: { from: Clock, to: Clock }, required: ['from', 'to'], additionalProperties: false },
  },
  additionalProperties: false,
  minProperties: 1,
} as const;

export interface RiskProfileInput {
  name: string;
  rule: Record<string, unknown>;
  action: 'flag' | 'refer';
  effectiveFrom: string;
  effectiveTo?: string;
  posts?: string[];
}

/** Risk profiles as `risk-profile:<id>` reference documents (posts pull those whose audience includes them). */
export async function riskProfileRoutes(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  app.get('/api/console/risk-profiles', { config: { public: true, capability: 'profiles.manage' }, schema: { summary: 'Risk profiles in the reference data', tags: ['console'], security, response: { 200: anyObject, ...errorResponses } } }, async () => ({
    profiles: (await referenceDocsByPrefix(context, 'risk-profile:')).map(({ _attachments: _a, _revisions: _r, ...doc }) => doc),
  }));

  app.put<{ Params: { profileId: string }; Body: RiskProfileInput }>(
    '/api/console/risk-profiles/:profileId',
    {
      config: { public: true, capability: 'profiles.manage' },
      schema: {
        summary: 'Create or replace a risk profile: rule, action (flag, refer to secondary), effective dates, posts (absent = all); published to posts',
        tags: ['console'],
        security,
        params: { type: 'object', properties: { profileId: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,120}$' } }, required: ['profileId'] },
        body: {
          type: 'object',
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            rule: RiskRuleSchema,
            action: { type: 'string', enum: ['flag', 'refer'] },
            effectiveFrom: IsoDate,
            effectiveTo: IsoDate,
            posts: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }, maxItems: 500 },
          },
          required: ['name', 'rule', 'action', 'effectiveFrom'],
          additionalProperties: false,
        },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      const { profileId } = request.params;
      const body = request.body;
      if (body.effectiveTo && body.effectiveTo < body.effectiveFrom) throw badRequest('effectiveTo is before effectiveFrom', 'SERVER_BAD_DATES');
      const band = body.rule.ageBand as { min?: number; max?: number } | undefined;
      if (band && band.min !== undefined && band.max !== undefined && band.min > band.max) throw badRequest('ageBand.min is above ageBand.max', 'SERVER_BAD_RULE');
      const id = `risk-profile:${profileId}`;
      const meta = await context.docs.getMeta('reference', id);
      // Posts that held the profile and are left out now stay in the audience as `withdrawnPosts`, so the
      // revision that no longer names them reaches them and they stop applying it (never dropped: a post
      // offline for months must still learn it).
      let withdrawnPosts: string[] = [];
      if (body.posts && meta && !meta.deleted) {
        const current = (await context.docs.readRevision('reference', id, meta, meta.winningRev)) as { posts?: string[]; withdrawnPosts?: string[] } | null;
        const held = current?.posts === undefined ? (await context.access.listPosts()).map((post) => post.postId) : [...current.posts, ...(current.withdrawnPosts ?? [])];
        withdrawnPosts = [...new Set(held)].filter((post) => !body.posts!.includes(post)).sort();
      }
      const doc = checkedReference({
        _id: id,
        ...(meta && !meta.deleted ? { _rev: meta.winningRev } : {}),
        type: 'risk-profile',
        profileId,
        name: body.name,
        rule: body.rule,
        action: body.action,
        effectiveFrom: body.effectiveFrom,
        ...(body.effectiveTo ? { effectiveTo: body.effectiveTo } : {}),
        ...(body.posts ? { posts: body.posts } : {}),
        ...(withdrawnPosts.length > 0 ? { withdrawnPosts } : {}),
        updatedBy: actor(request),
        updatedAt: new Date().toISOString(),
      });
      const [written] = await writeReference(context, [doc]);
      await context.access.audit({ actor: actor(request), action: 'console.risk-profile.save', target: id, outcome: 'ok', details: { action: body.action } });
      return { profileId, rev: written!.rev };
    },
  );
}
