// Public API of policy/tokenizer (re-exported by ../index.ts).
export {};
