// Public API of policy/optim (re-exported by ../index.ts).
export {};
