import { Router } from 'express';
import type { CollabServer } from '../collab/server.js';
import { storedCopy } from '../collab/storedCopy.js';
import type { Route } from '../http/route.js';
import { scopedGroup } from '../network/scope.js';
import { scopedRoom } from './scope.js';
import type { RoomsService } from './rooms.service.js';

export function roomRoutes(route: Route, rooms: RoomsService, collab: Pick<CollabServer, 'state'>): Router {
  const router = Router();
  route(router, 'GET /api/rooms', async ({ actor }) => ({ rooms: await rooms.list(actor) }));
  route(router, 'GET /api/rooms/:id', async (ctx) => ({ room: await rooms.view(scopedRoom(ctx), ctx.roles) }));
  route(router, 'GET /api/rooms/:id/document', (ctx) => storedCopy(collab, ctx.res, scopedRoom(ctx).documentName));
  route(router, 'POST /api/groups/:id/rooms', async (ctx) => {
    const room = await rooms.create(ctx.actor, scopedGroup(ctx), ctx.body);
    return { room: await rooms.view(room, ctx.roles) };
  });
  return router;
}
