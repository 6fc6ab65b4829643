// Public API of rl-core/advantages (re-exported by ../index.ts).
export {};
