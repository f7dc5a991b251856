import { Control } from './control';

/** Controls for APIGATEWAY. */
export const APIGATEWAY_CONTROLS: readonly Control[] = [];
