import type { Request, Response, Router } from 'express';
import { API, type ApiInput, type ApiResponse, type EndpointSchemas } from '../../shared/api.js';
import { unauthenticated } from '../errors.js';
import type { Role } from '../policy/permissions.js';
import type { Actor, Policy, Scope } from '../policy/policy.js';
import { REST_RULES, type RestRoute } from '../policy/rules.js';
import { actorOf, type SessionUser } from './authenticate.js';
import { parse } from './validate.js';

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

type ContextFor<K extends RestRoute> = (typeof REST_RULES)[K]['access'] extends 'public'
  ? RouteContext
  : SignedInContext;

/** What a handler may do to the response besides its body (which it returns): headers, cookies, another status. */
export type ResponseHead = Pick<Response, 'set' | 'cookie' | 'clearCookie'> & { status(code: number): unknown };

/**
 * What a handler receives: the request parts its contract names, already
 * validated; its rule's context; and the exchange itself for headers and cookies.
 */
export type RouteArgs<K extends RestRoute> = ApiInput<K> & ContextFor<K> & { req: Request; res: ResponseHead };

type Handler<K extends RestRoute> = (args: RouteArgs<K>) => Promise<ApiResponse<K>> | ApiResponse<K>;

/**
 * Registers a REST route under the rule `REST_RULES[key]` and the contract
 * `API[key]`: the session is required unless public; for guarded routes the
 * resource is loaded (by the scope loader its domain registered) and authorized
 * by the policy; then params, query and body are parsed with the contract's
 * schemas (a bad one answers 400 `bad_request`). The handler's return value is
 * the response body, sent with the contract's status — unless the handler set
 * another on `res` (health's 503). Routes exist only through here.
 */
export function routeRegistrar(policy: Policy) {
  const registered = new Set<RestRoute>();

  function route<K extends RestRoute>(router: Router, key: K, handler: Handler<K>): void {
    const [method, fullPath] = key.split(' ') as [string, string];
    const rule = REST_RULES[key];
    const contract = API[key] as EndpointSchemas;
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
      const input = {
        params: contract.params ? parse(contract.params, req.params) : undefined,
        query: contract.query ? parse(contract.query, req.query) : undefined,
        body: contract.body ? parse(contract.body, req.body) : undefined,
      };
      const body = await (handler as (args: unknown) => unknown)({ ...ctx, ...input, req, res });
      const status = contract.status ?? 200;
      if (status === 204) res.status(204).end();
      else if (contract.contentType) res.status(status).type(contract.contentType).send(body);
      else res.status(res.statusCode === 200 ? status : res.statusCode).json(body);
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
