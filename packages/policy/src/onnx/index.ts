// Public API of policy/onnx (re-exported by ../index.ts).
export {};
