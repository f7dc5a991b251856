import { Control } from './control';

/** Controls for ELASTICACHE. */
export const ELASTICACHE_CONTROLS: readonly Control[] = [];
