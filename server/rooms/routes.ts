import { Router } from 'express';
import { roomCreateSchema } from '../../shared/schemas/rooms.js';
import type { Route } from '../http/route.js';
import { scopedGroup } from '../network/scope.js';
import { scopedRoom } from './scope.js';
import { parse } from '../http/validate.js';
import type { RoomsService } from './rooms.service.js';

export function roomRoutes(route: Route, rooms: RoomsService): Router {
  const router = Router();
  route(router, 'GET /api/rooms', async (_req, res, { actor }) => {
    res.json({ rooms: await rooms.list(actor) });
  });
  route(router, 'GET /api/rooms/:id', async (_req, res, ctx) => {
    res.json({ room: await rooms.view(scopedRoom(ctx), ctx.roles) });
  });
  route(router, 'POST /api/groups/:id/rooms', async (req, res, ctx) => {
    const room = await rooms.create(ctx.actor, scopedGroup(ctx), parse(roomCreateSchema, req.body));
    res.status(201).json({ room: await rooms.view(room, ctx.roles) });
  });
  return router;
}
