// Public API of policy/checkpoint (re-exported by ../index.ts).
export {};
