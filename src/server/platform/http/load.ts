import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { runWithLoad, type RequestLoad, type RequestClass } from '../load';

declare module 'fastify' {
  interface FastifyRequest {
    load?: RequestLoad;
  }
}

/** Public pages and media are the portal's; everything under /api is the console's and the API's. */
export const requestClassOf = (url: string): RequestClass => (url.startsWith('/api/') ? 'api' : 'public');

/** Requests whose client closed the connection before the answer, since start (benchmarks, tests). */
export const hangUps = { count: 0 };

/**
 * Gives every request the load context the database layer reads (platform/load.ts): a signal that
 * fires when the client closes its connection before the answer is sent, and the request's class.
 * The context is entered at onRequest (for the session lookup) and again at preHandler, because
 * reading a request body continues in the socket's asynchronous context, not the request's.
 */
export function installLoadContext(app: FastifyInstance): void {
  app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    // A flag, not an AbortController: creating one per request cost 4 % of a cached page's CPU.
    const gone = { aborted: false };
    // 'finish' when the answer was handed over; 'close' before it means the client went away.
    let finished = false;
    reply.raw.once('finish', () => (finished = true));
    reply.raw.once('close', () => {
      if (finished || reply.raw.writableFinished) return;
      hangUps.count++;
      gone.aborted = true;
    });
    req.load = { signal: gone, requestClass: requestClassOf(req.url) };
    runWithLoad(req.load, done);
  });
  app.addHook('preHandler', (req: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    if (req.load) runWithLoad(req.load, done);
    else done();
  });
}
