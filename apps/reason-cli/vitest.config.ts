import { prorlVitestConfig } from '../../vitest.shared.js';

// The tests spawn the CLI (each spawn compiles the TypeScript sources with tsx): slow on a busy machine.
export default prorlVitestConfig({ testTimeout: 120_000 });
