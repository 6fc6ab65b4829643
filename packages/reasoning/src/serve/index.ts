// Public API of serve/ (re-exported by ../index.ts).
export { startServer, resolveServerConfig, type ServerConfig, type ServerConfigInput, type RunningServer } from './server.js';
export { DEFAULT_SERVER_LIMITS, ApiError, parseCompletionBody, type ServerLimits, type ApiErrorType, type ParsedCompletionRequest, type OpenAiCompletion, type OpenAiChoice } from './protocol.js';
