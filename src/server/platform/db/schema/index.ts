// Every table, one file per area. A new area adds its file here.
export * from './org';
export * from './people';
export * from './accounts';
export * from './audit';
export * from './settings';
export * from './notifications';
export * from './email';
export * from './portal';
export * from './jobs';
export * from './imports';
export * from './orgLife';
export * from './dues';
export * from './activities';
export * from './donations';
export * from './storage';
export * from './assessment';
export * from './branchRating';
