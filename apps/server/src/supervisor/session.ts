import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessStore } from '../auth/access-store';
import { HttpError, forbidden, unauthorized } from '../storage/errors';
import type { SqlDatabase } from '../storage/sql';
import { type Capability, type ConsoleRole, may } from './roles';

export const SESSION_COOKIE = 'bp_console';
export const CSRF_HEADER = 'x-csrf-token';

export interface ConsoleUser {
  userId: string;
  role: ConsoleRole;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Console routes: what the caller must be allowed to do (checked by the console's own hook). */
    capability?: Capability;
  }
  interface FastifyRequest {
    consoleUser: ConsoleUser | null;
  }
}

/**
 * The CSRF token of a cookie session: an HMAC of the (secret, HttpOnly) session token. A page of
 * another origin can make the browser send the cookie but can read neither the cookie nor this value,
 * so it cannot forge the header; nothing needs storing (synchroniser token without state).
 */
export function csrfTokenOf(sessionToken: string): string {
  return crypto.createHmac('sha256', sessionToken).update('borderpost-console-csrf').digest('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The console role of a user: the console's own table refines the server's admin/supervisor. */
export async function consoleRoleOf(sql: SqlDatabase, userId: string, serverRole: string): Promise<ConsoleRole> {
  const [row] = await sql.query<{ role: ConsoleRole }>('SELECT role FROM sv_user_roles WHERE user_id = $1', [userId]);
  if (row) return row.role;
  return serverRole === 'admin' ? 'admin' : 'supervisor';
}

/**
 * Authentication for the console routes, which the app-wide bearer hook lets through (`public`): a
 * bearer session token (API clients, tests) or the HttpOnly session cookie (the SPA). With the
 * cookie, every request that changes something must carry the CSRF header; reads need not, as
 * cookies are SameSite=Strict and reads change nothing.
 */
/**
 * The session cookie's value. Parsed here rather than with @fastify/cookie, whose v11 loads its parser
 * with a dynamic import() that jest's CommonJS runtime cannot run; one named cookie is all we read.
 */
export function sessionCookieOf(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === SESSION_COOKIE) {
      const value = part.slice(index + 1).trim();
      return /^[A-Za-z0-9_-]{8,200}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export function installConsoleAuth(app: FastifyInstance, access: AccessStore, sql: SqlDatabase): void {
  app.decorateRequest('consoleUser', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const capability = request.routeOptions.config?.capability;
    if (!capability) return; // sign-in itself
    const bearer = /^Bearer ([A-Za-z0-9_-]{8,200})$/.exec(request.headers.authorization ?? '');
    const cookie = sessionCookieOf(request);
    const token = bearer?.[1] ?? cookie;
    if (!token) throw unauthorized('sign in first', 'SERVER_UNAUTHORIZED');
    const principal = await access.authenticate(token);
    if (!principal || principal.kind !== 'user') throw unauthorized('the session is unknown, expired or revoked', 'SERVER_BAD_TOKEN');
    if (!bearer && !['GET', 'HEAD'].includes(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, csrfTokenOf(token))) throw forbidden('missing or wrong CSRF token', 'SERVER_CSRF');
    }
    const role = await consoleRoleOf(sql, principal.userId, principal.role);
    if (!may(role, capability)) throw forbidden(`the ${role} role may not do this (${capability})`, 'SERVER_ROLE_REQUIRED');
    request.consoleUser = { userId: principal.userId, role };
  });
}

export function sessionTokenOf(request: FastifyRequest): string {
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  return bearer?.[1] ?? sessionCookieOf(request) ?? '';
}

export function userOf(request: FastifyRequest): ConsoleUser {
  if (!request.consoleUser) throw new HttpError(401, 'unauthorized', 'SERVER_UNAUTHORIZED', 'sign in first');
  return request.consoleUser;
}

export function actor(request: FastifyRequest): string {
  return `user:${userOf(request).userId}`;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${SESSION_COOKIE}=${token}; Path=/; Expires=${new Date(expiresAt).toUTCString()}; HttpOnly; SameSite=Strict${secure}`);
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict`);
}
