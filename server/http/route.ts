import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { objectIdSchema } from '../../shared/schemas/rooms.js';
import type { SessionUser } from '../auth/sessions.js';
import type { Models } from '../db/models.js';
import { badRequest, notFound, unauthenticated } from '../errors.js';
import type { Role } from '../policy/permissions.js';
import type { Actor, GroupRecord, Policy, RoomRecord, Scope } from '../policy/policy.js';
import { REST_RULES, type RestRoute, type ScopeSource } from '../policy/rules.js';
import { actorOf } from './authenticate.js';
import { parse } from './validate.js';

export interface RouteContext {
  actor: Actor | null;
  session: SessionUser | null;
  /** The resource the rule named, loaded and authorized (null for public/signed-in routes). */
  scope: Scope | null;
  roles: Set<Role>;
}

export interface SignedInContext extends RouteContext {
  actor: Actor;
  session: SessionUser;
}

type Handler<C> = (req: Request, res: Response, ctx: C) => unknown;
type HandlerFor<K extends RestRoute> = Handler<
  (typeof REST_RULES)[K]['access'] extends 'public' ? RouteContext : SignedInContext
>;

const hubBody = z.object({ hubId: objectIdSchema.nullable() });

/**
 * Registers a REST route under the rule `REST_RULES[key]`: the session is
 * required unless public, and for guarded routes the resource is loaded and
 * authorized by the policy before the handler runs. Routes exist only through here.
 */
export function routeRegistrar(policy: Policy, models: Models) {
  const registered = new Set<RestRoute>();

  async function resolveScope(source: ScopeSource, req: Request): Promise<Scope> {
    switch (source) {
      case 'platform':
        return { kind: 'platform' };
      case 'room:param':
        return { kind: 'room', room: await policy.loadRoom(parse(objectIdSchema, req.params.id)) };
      case 'group:param':
        return { kind: 'group', group: await policy.loadGroup(parse(objectIdSchema, req.params.id)) };
      case 'hub:body': {
        const { hubId } = parse(hubBody, req.body);
        if (hubId && !(await models.Hub.exists({ _id: hubId }))) throw badRequest('hubId: no such region');
        return { kind: 'hub', hubId };
      }
      case 'city:param': {
        const city = await models.City.findById(parse(objectIdSchema, req.params.id)).lean();
        if (!city) throw notFound('City');
        return { kind: 'hub', hubId: String(city.hubId) };
      }
      case 'invitation:param': {
        const invitation = await models.Invitation.findById(parse(objectIdSchema, req.params.id)).lean();
        if (!invitation) throw notFound('Invitation');
        const groupId = invitation.groupId ?? (await policy.loadRoom(String(invitation.roomId))).groupId;
        return { kind: 'group', group: await policy.loadGroup(String(groupId)) };
      }
      case 'room:payload':
        throw new Error('room:payload is a socket scope');
    }
  }

  function route<K extends RestRoute>(router: Router, key: K, handler: HandlerFor<K>): void {
    const [method, fullPath] = key.split(' ') as [string, string];
    const rule = REST_RULES[key];
    registered.add(key);
    const register = router[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'].bind(router);
    register(fullPath.replace(/^\/api/, ''), async (req: Request, res: Response) => {
      const session = req.session ?? null;
      const actor = session ? actorOf(session) : null;
      const ctx: RouteContext = { actor, session, scope: null, roles: new Set() };
      if (rule.access !== 'public') {
        if (!actor) throw unauthenticated();
        if (rule.access === 'action') {
          ctx.scope = await resolveScope(rule.scope, req);
          ctx.roles = await policy.authorize(actor, rule.action, ctx.scope);
        }
      }
      await (handler as Handler<RouteContext>)(req, res, ctx);
    });
  }

  return { route, registered };
}

export type Route = ReturnType<typeof routeRegistrar>['route'];

/** The group a `group:param` (or `invitation:param`) route was authorized on. */
export function scopedGroup(ctx: RouteContext): GroupRecord {
  if (ctx.scope?.kind !== 'group') throw new Error('route has no group scope');
  return ctx.scope.group;
}

/** The room a `room:param` route was authorized on. */
export function scopedRoom(ctx: RouteContext): RoomRecord {
  if (ctx.scope?.kind !== 'room') throw new Error('route has no room scope');
  return ctx.scope.room;
}
