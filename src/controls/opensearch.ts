import { Control } from './control';

/** Controls for OPENSEARCH. */
export const OPENSEARCH_CONTROLS: readonly Control[] = [];
