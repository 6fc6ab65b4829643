export * from './config.js';
export * from './errors.js';
export * from './json-equal.js';
export { runInQuickJS, type SandboxJob } from './run-quickjs.js';
export * from './pool.js';
export * from './default-pool.js';
