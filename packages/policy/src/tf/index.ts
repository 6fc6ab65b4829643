// Public API of policy/tf (re-exported by ../index.ts).
export {};
