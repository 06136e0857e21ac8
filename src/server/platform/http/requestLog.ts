import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * The request log: one line per request, written when the response has been sent. Fastify's own
 * default is two info lines per request ("incoming request", "request completed"); under load
 * that was measurable CPU time on every request and a log nobody reads. So:
 *
 * - a server error (5xx) is always logged, at error;
 * - a request slower than SLOW_REQUEST_MS is always logged, at warn;
 * - every other request is logged at debug (LOG_LEVEL=debug shows the full access log).
 *
 * The line holds the method, the URL (sensitive numbers redacted, http/logging.ts), the status and
 * the time; never headers or the body. Public pages run at their route's log level 'warn'
 * (areas/site/routes.ts), so a visitor's address is recorded only when their request failed or
 * was slow. The error itself (its stack) is logged by the error handler (http/errors.ts) under the
 * same reqId.
 */
export class RequestLogController extends LogController {
  constructor(private readonly slowMs: number) {
    super();
  }

  override incomingRequest(): void {
    // Nothing at the start: the one line is written at the end, with the outcome.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const responseTime = reply.elapsedTime;
    const status = reply.statusCode;
    if (error || status >= 500) {
      reply.log.error({ req: request, res: reply, err: error ?? undefined, responseTime }, 'server error');
    } else if (responseTime >= this.slowMs) {
      reply.log.warn({ req: request, res: reply, responseTime }, 'slow request');
    } else {
      reply.log.debug({ req: request, res: reply, responseTime }, 'request completed');
    }
  }
}
