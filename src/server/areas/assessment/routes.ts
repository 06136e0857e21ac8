import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appraisalRoutes } from './appraisalRoutes';

/**
 * The annual assessment and vanguard posts (RULES.md §5–§6), under /api/assessment. HTTP only:
 * contracts from common/contracts/assessment.ts (and assessmentAppraisal.ts), who may do what in
 * policy.ts, the rest in commands/ and queries/. Registers one plugin per subject: this file's
 * schemes, posts, evidence, scores and self-evaluations, then appraisalRoutes.ts (民主评议).
 */
export const assessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(appraisalRoutes);
};
