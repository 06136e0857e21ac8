import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Democratic appraisal rounds (民主评议党员): being written. */
export const appraisalRoutes: FastifyPluginAsyncZod = async () => {};
