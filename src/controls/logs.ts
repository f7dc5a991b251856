import { Control } from './control';

/** Controls for LOGS. */
export const LOGS_CONTROLS: readonly Control[] = [];
