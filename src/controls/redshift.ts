import { Control } from './control';

/** Controls for REDSHIFT. */
export const REDSHIFT_CONTROLS: readonly Control[] = [];
