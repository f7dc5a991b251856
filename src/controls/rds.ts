import { Control } from './control';

/** Controls for RDS. */
export const RDS_CONTROLS: readonly Control[] = [];
