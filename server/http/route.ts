import type { Request, Response, Router } from 'express';
import { unauthenticated } from '../errors.js';
import type { Role } from '../policy/permissions.js';
import type { Actor, Policy, Scope } from '../policy/policy.js';
import { REST_RULES, type RestRoute } from '../policy/rules.js';
import { actorOf, type SessionUser } from './authenticate.js';

export interface RouteContext {
  actor: Actor | null;
  session: SessionUser | null;
  /** The resource the rule named, loaded by its domain and authorized (null for public/signed-in routes). */
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

/**
 * Registers a REST route under the rule `REST_RULES[key]`: the session is
 * required unless public, and for guarded routes the resource is loaded (by the
 * scope loader its domain registered) and authorized by the policy before the
 * handler runs. Routes exist only through here.
 */
export function routeRegistrar(policy: Policy) {
  const registered = new Set<RestRoute>();

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
          ctx.scope = await policy.loadScope(rule.scope, {
            params: req.params as Record<string, string>,
            body: req.body,
          });
          ctx.roles = await policy.authorize(actor, rule.action, ctx.scope);
        }
      }
      await (handler as Handler<RouteContext>)(req, res, ctx);
    });
  }

  return { route, registered };
}

export type Route = ReturnType<typeof routeRegistrar>['route'];

/** The record of a scope of one kind, for the domain that owns the kind (e.g. `scopedRoom`). */
export function scopedRecord<R>(ctx: { scope: Scope | null }, kind: Scope['kind']): R {
  if (ctx.scope?.kind !== kind) throw new Error(`route has no ${kind} scope`);
  return ctx.scope.record as R;
}
