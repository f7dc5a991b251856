import { Control } from './control';

/** Controls for GENERAL. */
export const GENERAL_CONTROLS: readonly Control[] = [];
