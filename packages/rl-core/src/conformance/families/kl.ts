/**
 * Golden adapter for `kl.json` (verl `kl_penalty`): `{ logprob, ref_logprob }` + `kl_penalty` name →
 * `{ value, grad_logprob }`. The `+` names and `full` throw `NotImplementedInReferenceError`, as the
 * reference raises at the fixture commit (the default `straightThrough: 'reference'`).
 */
import { klPenalty } from '../../losses/kl.js';
import { f64, type GoldenAdapter } from '../golden.js';

export const adapter: GoldenAdapter = (c) => {
  const inputs = c.inputs ?? {};
  const name = String(c.params?.kl_penalty);
  const { value, gradLogProb } = klPenalty(f64(inputs.logprob), f64(inputs.ref_logprob), name);
  return { value, grad_logprob: gradLogProb };
};
