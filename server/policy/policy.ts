import { LRUCache } from 'lru-cache';
import { forbidden, notFound } from '../errors.js';
import { abilitiesOf, allows, VISIBILITY, type Action, type Role, type ScopeKind } from './permissions.js';
import type { ScopeSource } from './rules.js';

/** Who is asking. Built from the session on every channel (REST, Socket.IO, Yjs). */
export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly isAdmin: boolean;
}

/**
 * A resource an action is taken on, already loaded by the domain that owns it:
 * where it sits in the network (group, region) decides who holds which role on it.
 */
export interface Scope<R = unknown> {
  kind: ScopeKind;
  /** The resource's own id (a room's, a group's …); null for the platform and for "no region". */
  id: string | null;
  groupId: string | null;
  hubId: string | null;
  /** The loaded record, for the handler (read it through the owning domain's `scopedX(ctx)`). */
  record: R;
  /** The steering committee reviews this resource network-wide (its members hold `committee` on it). */
  committeeReviews?: boolean;
  /** Roles the resource itself gives named people (a roundtable's facilitators), by user id. */
  personRoles?: ReadonlyMap<string, Role>;
  /** Resources whose invited guests are guests here too (a roundtable's session rooms). */
  guestsOf?: readonly string[];
}

/** What an actor is across the network; loaded once per check from every registered source. */
export interface Standing {
  isAdmin: boolean;
  groupRoles: Map<string, Role>;
  staffHubs: Set<string>;
  /** Resources (e.g. roundtable rooms) the actor was invited into as a guest. */
  guestOf: Set<string>;
  /** Sits on a steering committee (any role): reviews what the committee reviews. */
  committee: boolean;
}

/** Where a scope loader finds its resource: the REST path parameters and body, or a socket payload. */
export interface ScopeInput {
  params: Record<string, string | undefined>;
  body?: unknown;
  payload?: unknown;
}

export type ScopeLoader = (input: ScopeInput) => Promise<Scope>;
export type StandingSource = (actor: Actor) => Promise<Partial<Omit<Standing, 'isAdmin'>>>;

/**
 * How long a remembered standing may answer. Changes made through the app are
 * forgotten at once (the `access:changed` bus); this bounds ones made around it
 * (a database edit, another node without a shared bus).
 */
export const STANDING_TTL_MS = 30_000;

const NOT_FOUND_LABEL: Record<ScopeKind, string> = {
  room: 'Room',
  group: 'Group',
  plan: 'Plan',
  roundtable: 'Roundtable',
  thread: 'Thread',
  hub: 'Region',
  platform: 'Resource',
};

/**
 * The one authorization policy. REST routes, Socket.IO handlers and the Yjs
 * endpoint all ask `authorize`; nothing else decides who may do what. Domains
 * register how their resources are found (scope loaders) and what makes up a
 * person's standing; the policy itself knows no domain.
 */
export class Policy {
  private readonly loaders = new Map<ScopeSource, ScopeLoader>([
    ['platform', async () => ({ kind: 'platform', id: null, groupId: null, hubId: null, record: null })],
  ]);
  private readonly standingSources: StandingSource[] = [];
  /** Standings remembered for `authorize(…, 'remembered')`; `forget` drops a person's at once (access changes). */
  private readonly remembered = new LRUCache<string, Standing>({ max: 10_000, ttl: STANDING_TTL_MS });
  /** Bumped by every `forget`: a standing read before it is never remembered after it. */
  private forgets = 0;

  /** A domain says how to load the resource a rule's scope names (e.g. `room:param`). */
  registerScope(source: ScopeSource, loader: ScopeLoader): void {
    if (this.loaders.has(source)) throw new Error(`scope ${source} is registered twice`);
    this.loaders.set(source, loader);
  }

  /** A domain adds what it knows of a person's roles (memberships, guest invitations …). */
  registerStanding(source: StandingSource): void {
    this.standingSources.push(source);
  }

  /** Throws at start when a rule names a scope no domain registered. */
  assertScopes(sources: Iterable<ScopeSource>): void {
    const missing = [...new Set(sources)].filter((s) => !this.loaders.has(s));
    if (missing.length > 0) throw new Error(`no loader registered for scope(s): ${missing.join(', ')}`);
  }

  loadScope(source: ScopeSource, input: ScopeInput): Promise<Scope> {
    const loader = this.loaders.get(source);
    if (!loader) throw new Error(`no loader registered for scope ${source}`);
    return loader(input);
  }

  /**
   * What the actor is across the network, read afresh from every source (and
   * remembered for `authorize(…, 'remembered')`).
   */
  async standing(actor: Actor): Promise<Standing> {
    const forgets = this.forgets;
    const parts = await Promise.all(this.standingSources.map((source) => source(actor)));
    const standing: Standing = {
      isAdmin: actor.isAdmin,
      groupRoles: new Map(),
      staffHubs: new Set(),
      guestOf: new Set(),
      committee: false,
    };
    for (const part of parts) {
      part.groupRoles?.forEach((role, id) => standing.groupRoles.set(id, role));
      part.staffHubs?.forEach((id) => standing.staffHubs.add(id));
      part.guestOf?.forEach((id) => standing.guestOf.add(id));
      if (part.committee) standing.committee = true;
    }
    if (forgets === this.forgets) this.remembered.set(actor.id, standing);
    return standing;
  }

  /** A person's access changed (membership, role, invitation, sign-out …): read their standing afresh. */
  forget(userId: string): void {
    this.forgets++;
    this.remembered.delete(userId);
  }

  /** Every role the actor holds on a resource. */
  async rolesOn(actor: Actor, scope: Scope, standing?: Standing): Promise<Set<Role>> {
    const s = standing ?? (await this.standing(actor));
    const roles = new Set<Role>();
    if (s.isAdmin) roles.add('admin');
    if (scope.hubId && s.staffHubs.has(scope.hubId)) roles.add('hub_staff');
    const groupRole = scope.groupId ? s.groupRoles.get(scope.groupId) : undefined;
    if (groupRole) roles.add(groupRole);
    if (scope.id && s.guestOf.has(scope.id)) roles.add('guest');
    if (scope.guestsOf?.some((id) => s.guestOf.has(id))) roles.add('guest');
    if (scope.committeeReviews && s.committee) roles.add('committee');
    const personal = scope.personRoles?.get(actor.id);
    if (personal) roles.add(personal);
    return roles;
  }

  /**
   * Allows or throws. A resource the actor may not see at all answers 404, so
   * guessing ids reveals nothing; a visible one they may not act on answers 403.
   * `'remembered'` (the sync endpoint's upgrades) lets a recently read standing admit.
   */
  async authorize(actor: Actor, action: Action, scope: Scope, standing?: Standing | 'remembered'): Promise<Set<Role>> {
    if (standing === 'remembered') {
      // a standing read in the last STANDING_TTL_MS may admit; a refusal is always decided afresh
      const known = this.remembered.get(actor.id);
      if (known && known.isAdmin === actor.isAdmin) {
        const roles = await this.rolesOn(actor, scope, known);
        if (allows(roles, action)) return roles;
      }
      standing = await this.standing(actor);
    }
    const roles = await this.rolesOn(actor, scope, standing);
    if (allows(roles, action)) return roles;
    const visibility = VISIBILITY[scope.kind];
    if (visibility && !allows(roles, visibility)) throw notFound(NOT_FOUND_LABEL[scope.kind]);
    throw forbidden();
  }

  can(roles: ReadonlySet<Role>, action: Action): boolean {
    return allows(roles, action);
  }

  /** What the viewer may do on a resource of this kind, for views (derived from the permission table). */
  abilities<K extends ScopeKind>(roles: ReadonlySet<Role>, kind: K) {
    return abilitiesOf(roles, kind);
  }
}

export type { Action, Role, ScopeKind };
