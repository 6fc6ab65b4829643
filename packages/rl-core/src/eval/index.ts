// Public API of rl-core/eval (re-exported by ../index.ts).
export {};
