/**
 * `@anyk/routers/diagnostics`: read a routing result back as plain lists: each token's chosen experts and
 * weights (`selectionLists`) and how many slots each expert received (`expertLoads`). The conformance runner
 * and the reports compare and print these; a model never needs them.
 */
export { expertLoads, selectionLists } from './shared/router-family.ts';
