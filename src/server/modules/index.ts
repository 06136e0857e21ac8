import type { FastifyPluginAsync } from 'fastify';
import { authRoutes } from './auth/routes';
import { setupRoutes } from './auth/setup';
import { orgRoutes } from './org/routes';
import { notificationRoutes } from './notifications/routes';

/** Every module's routes, mounted under /api. A new area adds one line here. */
export const registerModules: FastifyPluginAsync = async (app) => {
  await app.register(authRoutes);
  await app.register(setupRoutes);
  await app.register(orgRoutes);
  await app.register(notificationRoutes);
};
