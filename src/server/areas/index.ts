import type { FastifyPluginAsync } from 'fastify';
import { authRoutes } from './auth/routes';
import { setupRoutes } from './auth/setup';
import { orgRoutes } from './org/routes';
import { accountRoutes } from './accounts/routes';
import { auditRoutes } from './audit/routes';
import { notificationRoutes } from './notifications/routes';
import { portalRoutes } from './newsroom/routes';
import { peopleRoutes } from './people/routes';
import { memberRoutes } from './members/routes';
import { importRoutes } from './imports/routes';
import { activityRoutes } from './activities/routes';
import { donationRoutes } from './donations/routes';
import { orgLifeRoutes } from './orgLife/routes';
import { duesRoutes } from './dues/routes';

/** Every module's routes, mounted under /api. A new area adds one line here. */
export const registerModules: FastifyPluginAsync = async (app) => {
  await app.register(authRoutes);
  await app.register(setupRoutes);
  await app.register(orgRoutes);
  await app.register(accountRoutes);
  await app.register(auditRoutes);
  await app.register(notificationRoutes);
  await app.register(portalRoutes);
  await app.register(peopleRoutes);
  await app.register(memberRoutes);
  await app.register(importRoutes);
  await app.register(activityRoutes);
  await app.register(donationRoutes);
  await app.register(orgLifeRoutes);
  await app.register(duesRoutes);
};
