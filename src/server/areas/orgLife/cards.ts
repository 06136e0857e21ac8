// Kept while scripts/bench-orglife.ts imports the batch from here.
export { startCardBatch } from './commands/startCardBatch';
export { getCardBatch } from './queries/cards';
