// Public API of rl-core/sampling (re-exported by ../index.ts).
export {};
