// Public API of policy/optim (re-exported by ../index.ts). Pure typed-array code: no tfjs, usable by
// the ONNX training path as well as the tfjs reference.
export * from './errors.js';
export * from './adamw.js';
export * from './clip.js';
export * from './schedule.js';
export * from './decay-mask.js';
