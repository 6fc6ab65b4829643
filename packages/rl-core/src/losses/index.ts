// Public API of rl-core/losses (re-exported by ../index.ts).
export {};
