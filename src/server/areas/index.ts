import type { FastifyPluginAsync } from 'fastify';
import { authenticatedScope, publicScope } from '../platform/http/guard';
import { authPublicRoutes, authRoutes } from './auth/routes';
import { orgRoutes } from './org/routes';
import { accountRoutes } from './accounts/routes';
import { auditRoutes } from './audit/routes';
import { notificationRoutes } from './notifications/routes';
import { newsroomRoutes } from './newsroom/routes';
import { peopleRoutes } from './people/routes';
import { memberRoutes } from './members/routes';
import { importRoutes } from './imports/routes';
import { activityFeedRoutes, activityRoutes } from './activities/routes';
import { donationPublicRoutes, donationRoutes } from './donations/routes';
import { orgLifeRoutes } from './orgLife/routes';
import { duesRoutes } from './dues/routes';
import { workbenchRoutes } from './workbench/routes';
import { assessmentRoutes } from './assessment/routes';
import { backupRoutes } from '../platform/backup/routes';

/**
 * Where areas register: one line per area in the list it belongs to. `api` routes sit under /api
 * in the authenticated scope (each declares its permission); `publicApi` routes under /api in the
 * public scope; `site` routes at the root in the public scope (the portal, media, check-in pages).
 */
export const API_ROUTES: FastifyPluginAsync[] = [
  authRoutes,
  workbenchRoutes,
  orgRoutes,
  accountRoutes,
  auditRoutes,
  notificationRoutes,
  duesRoutes,
  peopleRoutes,
  memberRoutes,
  importRoutes,
  donationRoutes,
  activityRoutes,
  orgLifeRoutes,
  assessmentRoutes,
  newsroomRoutes,
  backupRoutes,
];
export const PUBLIC_API_ROUTES: FastifyPluginAsync[] = [
  authPublicRoutes,
  donationPublicRoutes,
  activityFeedRoutes,
];

export const registerApi: FastifyPluginAsync = async (app) => {
  await app.register(publicScope(PUBLIC_API_ROUTES));
  await app.register(authenticatedScope(API_ROUTES));
};
