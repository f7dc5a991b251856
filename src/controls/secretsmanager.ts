import { Control } from './control';

/** Controls for SECRETSMANAGER. */
export const SECRETSMANAGER_CONTROLS: readonly Control[] = [];
