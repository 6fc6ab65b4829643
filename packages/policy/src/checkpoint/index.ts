// Public API of policy/checkpoint (re-exported by ../index.ts).
export * from './errors.js';
export * from './safetensors.js';
export * from './checkpoint.js';
