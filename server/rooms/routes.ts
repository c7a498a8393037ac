import { Router } from 'express';
import { objectIdSchema } from '../../shared/schemas/rooms.js';
import { requireActor } from '../http/authenticate.js';
import { parse } from '../http/validate.js';
import type { RoomsService } from './rooms.service.js';

export function roomRoutes(rooms: RoomsService): Router {
  const router = Router();
  router.get('/rooms', async (req, res) => {
    res.json({ rooms: await rooms.list(requireActor(req)) });
  });
  router.get('/rooms/:id', async (req, res) => {
    const actor = requireActor(req);
    res.json({ room: await rooms.get(actor, parse(objectIdSchema, req.params.id)) });
  });
  return router;
}
