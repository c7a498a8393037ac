import { Router } from 'express';
import type { AuthModels } from '../auth/models.js';
import { toMe } from '../auth/routes.js';
import type { UserDoc } from '../auth/user.model.js';
import { badRequest } from '../errors.js';
import type { Route } from '../http/route.js';
import type { NetworkModels } from './network.model.js';

/** A person's own profile in the network: name, title, city, language. */
export function profileRoutes(route: Route, models: AuthModels & NetworkModels): Router {
  const router = Router();
  route(router, 'PATCH /api/me', async ({ actor, body }) => {
    if (body.cityId && !(await models.City.exists({ _id: body.cityId }))) throw badRequest('cityId: no such city');
    const user = await models.User.findByIdAndUpdate(
      actor.id,
      { $set: body },
      { returnDocument: 'after' },
    ).lean<UserDoc>();
    return { user: toMe(user!) };
  });
  return router;
}
