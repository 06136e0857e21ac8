/**
 * Progress of the commits running on this instance. The writing transaction cannot publish it in
 * the database before it commits (and on PGlite a second connection does not exist), so the
 * commit records it here and GET /imports/:id merges it in; another instance sees the job's
 * stored progress (0 until the commit ends).
 */
export const progress = new Map<string, { done: number; total: number }>();
