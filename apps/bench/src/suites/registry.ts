/**
 * Every suite `prorl-bench run` knows, by name. Adding a suite: write `(preset, opts) => SuiteResult`
 * in its own file, add it here (and a `bench:<name>` turbo task in apps/bench/turbo.json).
 */
import type { SuiteDef } from './suite.js';

// Suites load lazily: `prorl-bench run --suite golden` must not load onnxruntime or tfjs.

export type SuiteName = 'golden' | 'perf-rl-core' | 'perf-policy' | 'perf-verifiers' | 'perf-sim' | 'perf-scaling' | 'repro-rec' | 'repro-reasoning';

export const SUITES = {
  golden: {
    description: 'rl-core against the golden fixtures (conformance)',
    run: async (p, o) => (await import('./golden-suite.js')).goldenSuite(p, o),
  },
  'perf-rl-core': {
    description: 'rl-core loss path throughput (tokens/s)',
    run: async (p, o) => (await import('./perf-rl-core-suite.js')).perfRlCoreSuite(p, o),
  },
  'perf-policy': {
    description: 'policy training step and rollout vs a PyTorch peer of the same model, and the sgemm peak',
    run: async (p, o) => (await import('./perf-policy.js')).perfPolicySuite(p, o),
  },
  'perf-verifiers': {
    description: 'reasoning verifiers over the whole suite and sandboxed code evaluations (per second)',
    run: async (p, o) => (await import('./perf-verifiers.js')).perfVerifiersSuite(p, o),
  },
  'perf-sim': {
    description: 'user-simulator scoring (SASRec, GRU4Rec) on ML-100K- and ML-1M-sized catalogues: sequences/s and step rewards/s',
    run: async (p, o) => (await import('./perf-sim.js')).perfSimSuite(p, o),
  },
  'perf-scaling': {
    description: 'how policy train step, rollout and simulator scoring times grow with batch size and sequence length (fitted exponents)',
    run: async (p, o) => (await import('./perf-scaling.js')).perfScalingSuite(p, o),
  },
  'repro-rec': {
    description: 'ProRL proactive recommendation on ML-1M (authors\' records) and ML-100K vs REINFORCE / GRPO and baselines (Table 1, Table 5)',
    run: async (p, o) => (await import('./repro-rec.js')).reproRecSuite(p, o),
  },
  'repro-reasoning': {
    description: 'ProRL reasoning boundary at small scale: SFT base vs ProRL pass@k curves, regimes, unseen levels, ablations',
    run: async (p, o) => (await import('./repro-reasoning.js')).reproReasoningSuite(p, o),
  },
} satisfies Record<SuiteName, SuiteDef>;

export const SUITE_NAMES = Object.keys(SUITES) as SuiteName[];
