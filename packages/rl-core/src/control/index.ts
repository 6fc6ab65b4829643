// Public API of rl-core/control (re-exported by ../index.ts).
export {};
