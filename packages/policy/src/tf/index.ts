// Public API of policy/tf (re-exported by ../index.ts).
export * from './errors.js';
export * from './backend.js';
export { registerWasmKernels, wasmMatMulPatched } from './wasm-kernels.js';
export * from './model.js';
export * from './train-step.js';
export { hostLogits, hostTokenLogProbs } from './host-reference.js';
