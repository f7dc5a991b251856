import { Control } from './control';

/** Controls for EFS. */
export const EFS_CONTROLS: readonly Control[] = [];
