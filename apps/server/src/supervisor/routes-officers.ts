import type { FastifyInstance } from 'fastify';
import { type ConsoleContext, errorResponses, security } from './context';
import { MIN_OFFICER_PASSWORD, OFFICER_ROLES, type OfficerRole, createOfficer, getOfficer, listOfficers, resetOfficerPassword, updateOfficer } from './officers';
import { actor } from './session';

const UserId = { type: 'string', pattern: '^[A-Za-z0-9._-]{1,120}$' } as const;
const Name = { type: 'string', minLength: 1, maxLength: 200 } as const;
const Roles = { type: 'array', items: { type: 'string', enum: [...OFFICER_ROLES] }, minItems: 1, maxItems: OFFICER_ROLES.length } as const;
const Posts = { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }, maxItems: 500 } as const;
// The length floor is checked in officers.ts in characters (NFC); the schema bounds the size only.
const Password = { type: 'string', minLength: 1, maxLength: 200 } as const;
const nullableString = { type: ['string', 'null'] } as const;

const Officer = {
  type: 'object',
  properties: {
    userId: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    posts: { type: 'array', items: { type: 'string' } },
    withdrawnPosts: { type: 'array', items: { type: 'string' }, description: 'posts taken off the officer: they still receive the document, which refuses the officer there' },
    disabled: { type: 'boolean' },
    rev: { type: 'string', description: 'revision of the user document (send it back with a change to refuse concurrent edits)' },
    createdAt: nullableString,
    updatedAt: nullableString,
    updatedBy: nullableString,
    passwordChangedAt: nullableString,
    lastSignIn: { type: ['object', 'null'], properties: { at: { type: 'string' }, postId: { type: 'string' }, stationId: { type: 'string' } } },
  },
  required: ['userId', 'name', 'roles', 'posts', 'withdrawnPosts', 'disabled', 'rev'],
} as const;
const Params = { type: 'object', properties: { userId: UserId }, required: ['userId'] } as const;

/**
 * Officer management (issue 9): the post users who sign in offline against replicated `user:<id>`
 * documents. The response schemas list the fields answered, so a password hash can never leave by
 * accident (Fastify's serializer drops anything not declared).
 */
export async function officerRoutes(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  app.get(
    '/api/console/officers',
    {
      config: { public: true, capability: 'officers.read' },
      schema: {
        summary: 'Officers (post users): roles, posts, disabled, last password change, last sign-in reported by a post; and the posts known to central',
        tags: ['console'],
        security,
        response: { 200: { type: 'object', properties: { officers: { type: 'array', items: Officer }, posts: { type: 'array', items: { type: 'string' } } }, required: ['officers', 'posts'] }, ...errorResponses },
      },
    },
    async () => listOfficers(context),
  );

  app.get<{ Params: { userId: string } }>(
    '/api/console/officers/:userId',
    { config: { public: true, capability: 'officers.read' }, schema: { summary: 'One officer', tags: ['console'], security, params: Params, response: { 200: Officer, ...errorResponses } } },
    async (request) => getOfficer(context, request.params.userId),
  );

  app.post<{ Body: { userId: string; name: string; roles: OfficerRole[]; posts: string[]; password: string } }>(
    '/api/console/officers',
    {
      config: { public: true, capability: 'officers.manage' },
      schema: {
        summary: `Create an officer with a password set by the administrator (at least ${MIN_OFFICER_PASSWORD} characters, stored only as a scrypt hash); published to the officer's posts`,
        tags: ['console'],
        security,
        body: { type: 'object', properties: { userId: UserId, name: Name, roles: Roles, posts: Posts, password: Password }, required: ['userId', 'name', 'roles', 'posts', 'password'], additionalProperties: false },
        response: { 201: Officer, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createOfficer(context, request.body, actor(request))),
  );

  app.patch<{ Params: { userId: string }; Body: { name?: string; roles?: OfficerRole[]; posts?: string[]; disabled?: boolean; rev?: string } }>(
    '/api/console/officers/:userId',
    {
      config: { public: true, capability: 'officers.manage' },
      schema: {
        summary: 'Change an officer: name, roles, posts (a post taken off still receives the revision that refuses the officer there), disable or enable',
        tags: ['console'],
        security,
        params: Params,
        body: {
          type: 'object',
          properties: { name: Name, roles: Roles, posts: Posts, disabled: { type: 'boolean' }, rev: { type: 'string', maxLength: 100 } },
          additionalProperties: false,
          minProperties: 1,
        },
        response: { 200: Officer, ...errorResponses },
      },
    },
    async (request) => updateOfficer(context, request.params.userId, request.body, actor(request)),
  );

  app.post<{ Params: { userId: string }; Body: { password: string } }>(
    '/api/console/officers/:userId/password',
    {
      config: { public: true, capability: 'officers.manage' },
      schema: {
        summary: "Reset an officer's password (set by the administrator); the old one is refused at each post once it has pulled",
        tags: ['console'],
        security,
        params: Params,
        body: { type: 'object', properties: { password: Password }, required: ['password'], additionalProperties: false },
        response: { 200: Officer, ...errorResponses },
      },
    },
    async (request) => resetOfficerPassword(context, request.params.userId, request.body.password, actor(request)),
  );
}
