// Public API of policy/tokenizer (re-exported by ../index.ts).
export * from './errors.js';
export * from './tokenizer.js';
export * from './char.js';
export * from './bpe.js';
export * from './hf.js';
export * from './registry.js';
