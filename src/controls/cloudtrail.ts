import { Control } from './control';

/** Controls for CLOUDTRAIL. */
export const CLOUDTRAIL_CONTROLS: readonly Control[] = [];
