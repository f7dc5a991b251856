import { Control } from './control';

/** Controls for BACKUP. */
export const BACKUP_CONTROLS: readonly Control[] = [];
