import type { Actor } from './access/actor';

/** What a service needs to know about the request it serves: who, and what to write in the audit. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string;
  ip: string | null;
}

/** For scripts and start-up work done by the system itself. */
export const systemContext = (what: string): RequestContext => ({ actor: null, requestId: what, ip: null });
