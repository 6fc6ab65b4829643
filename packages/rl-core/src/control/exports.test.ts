import { expect, test } from 'vitest';
import * as core from '../index.js';

test('eval, baselines, sampling and control are reachable from the package index', () => {
  const names = [
    'passAtK',
    'passAtKCurve',
    'meanPassAtKCurve',
    'countCorrectByProblem',
    'classifyRegime',
    'dangPassAtKUpperBound',
    'groupMeanBaseline',
    'leaveOneOutBaseline',
    'RunningNormalizer',
    'MultiObjectiveRewardNormalizer',
    'StepwiseRewardCentering',
    'filterGroups',
    'RefillAccumulator',
    'DynamicSamplingExhaustedError',
    'applyOverlongShaping',
    'applyStopProperlyPenalty',
    'ReferenceResetController',
    'DEFAULT_REFERENCE_RESET_CONFIG',
  ];
  const exported = core as unknown as Record<string, unknown>;
  expect(names.filter((n) => exported[n] === undefined)).toEqual([]);
  expect(core.passAtK(4, 1, 2)).toBeCloseTo(0.5, 14);
});
