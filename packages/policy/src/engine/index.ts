// Public API of policy/engine (re-exported by ../index.ts).
export {};
