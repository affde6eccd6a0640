/**
 * `@allganize/alli-chat/server`: code for the host site's server, never for a browser. The token
 * route (a Web-standard handler with a Node and Express adapter) and the App Market API client,
 * both of which hold the project's API key.
 */
export { createTokenHandler } from './token-handler.js';
export type { TokenHandler, TokenHandlerOptions, TokenHandlerGrant, TokenHandlerErrorName, TokenVisitor } from './token-handler.js';
export { toNodeListener } from './token-handler-node.js';
export * from './alli-api-client.js';
