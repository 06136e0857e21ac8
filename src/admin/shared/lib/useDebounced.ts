/** Moved to shared/hooks; kept so pages not yet switched still compile. */
export { useDebounced } from '../hooks/useDebounced';
