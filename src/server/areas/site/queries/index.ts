/**
 * Read-only queries of the public site. Everything here shows only what the public may see: the
 * portal's park, visible columns, published articles whose publish time has come, published
 * newsletter issues, active showcase items. Rendering (render/) and caching (cache.ts) sit on top.
 */
export * from './common';
export * from './site';
export * from './articles';
export * from './articleDetail';
export * from './newsletters';
export * from './showcase';
