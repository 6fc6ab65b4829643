// Public API of rl-core/stats (re-exported by ../index.ts).
export {};
