import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { addPriority, readPlan } from '../../shared/plans/doc.js';
import type { PlanView, VersionSummary } from '../../shared/plans/schemas.js';
import { api } from './api.js';

/** What the authorization matrix needs of a plan: one in draft with a version, and fresh ones to move. */
export interface PlanMatrixWorld {
  groupId: string;
  planId: string;
  planDocument: string;
  versionId: string;
}

interface MatrixFixture {
  build(w: PlanMatrixWorld): Promise<{ path: string; body?: unknown }>;
}

let periods = 0;
/** A period no plan of the group has yet (the matrix starts many). */
const freshPeriod = () => {
  const n = periods++;
  return `${2030 + Math.floor(n / 2)}-H${(n % 2) + 1}`;
};

export async function startMatrixPlan(url: string, adminCookie: string, groupId: string): Promise<PlanView> {
  const reply = await api<{ plan: PlanView }>(url, 'POST', `/api/groups/${groupId}/plans`, {
    cookie: adminCookie,
    body: { period: freshPeriod() },
  });
  if (reply.status !== 201) throw new Error(`could not start a plan: ${JSON.stringify(reply.body)}`);
  return reply.body.plan;
}

export async function buildPlanMatrixWorld(
  url: string,
  adminCookie: string,
  groupId: string,
): Promise<PlanMatrixWorld> {
  const plan = await startMatrixPlan(url, adminCookie, groupId);
  const versions = await api<{ versions: VersionSummary[] }>(url, 'GET', `/api/plans/${plan.id}/versions`, {
    cookie: adminCookie,
  });
  return { groupId, planId: plan.id, planDocument: plan.documentName, versionId: versions.body.versions[0]!.id };
}

/** The plan routes' fixtures for the matrix (each call may create what it consumes). */
export function planFixtures(url: () => string, adminCookie: () => Promise<string>) {
  return {
    'GET /api/plans': { build: async () => ({ path: '/api/plans?period=2030-H1' }) },
    'GET /api/plans/:id': { build: async (w) => ({ path: `/api/plans/${w.planId}` }) },
    'GET /api/plans/:id/document': { build: async (w) => ({ path: `/api/plans/${w.planId}/document` }) },
    'GET /api/groups/:id/plans': { build: async (w) => ({ path: `/api/groups/${w.groupId}/plans` }) },
    'POST /api/groups/:id/plans': {
      build: async (w) => ({ path: `/api/groups/${w.groupId}/plans`, body: { period: freshPeriod() } }),
    },
    'POST /api/plans/:id/status': {
      build: async (w) => {
        const plan = await startMatrixPlan(url(), await adminCookie(), w.groupId);
        return { path: `/api/plans/${plan.id}/status`, body: { status: 'review' } };
      },
    },
    'GET /api/plans/:id/versions': { build: async (w) => ({ path: `/api/plans/${w.planId}/versions` }) },
    'POST /api/plans/:id/versions': {
      build: async (w) => ({
        path: `/api/plans/${w.planId}/versions`,
        body: { name: `Before the meeting ${randomUUID().slice(0, 4)}` },
      }),
    },
    'GET /api/plans/:id/versions/:versionId': {
      build: async (w) => ({ path: `/api/plans/${w.planId}/versions/${w.versionId}` }),
    },
    'POST /api/plans/:id/versions/:versionId/restore': {
      build: async (w) => ({ path: `/api/plans/${w.planId}/versions/${w.versionId}/restore` }),
    },
    'GET /api/plans/:id/diff': { build: async (w) => ({ path: `/api/plans/${w.planId}/diff?from=${w.versionId}` }) },
    'GET /api/plans/:id/history': { build: async (w) => ({ path: `/api/plans/${w.planId}/history` }) },
    'GET /api/plans/:id/export.md': { build: async (w) => ({ path: `/api/plans/${w.planId}/export.md?lang=ar` }) },
  } satisfies Record<string, MatrixFixture>;
}

/** How the matrix writes to and reads from each kind of document (a plan takes only valid priorities). */
export const DOCUMENT_PROBES = {
  room: {
    write: (doc: Y.Doc, mark: string) => doc.getText('matrix').insert(0, mark),
    read: (doc: Y.Doc) => doc.getText('matrix').toString(),
  },
  plan: {
    write: (doc: Y.Doc, mark: string) => void addPriority(doc, { kind: 'advocacy', title: mark }),
    read: (doc: Y.Doc) =>
      readPlan(doc)
        .priorities.map((p) => p.title)
        .join('\n'),
  },
};
