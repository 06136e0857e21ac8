// Every table, one file per area. A new area adds its file here.
export * from './org';
export * from './people';
export * from './accounts';
export * from './audit';
export * from './settings';
export * from './notifications';
