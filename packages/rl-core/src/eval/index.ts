// Public API of rl-core/eval (re-exported by ../index.ts).
export * from './pass-at-k.js';
export * from './regimes.js';
