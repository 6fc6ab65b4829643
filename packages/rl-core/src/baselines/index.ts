// Public API of rl-core/baselines (re-exported by ../index.ts).
export {};
