/**
 * The simulator contract every simulator family's tests share: it learns the planted next-item rule
 * of `synthetic.ts`, and batched scoring equals scoring one sequence at a time, whatever the padding.
 */
import { expect } from 'vitest';
import { Rng } from '@prorl/rl-core';
import { evaluateNextItem, leaveLastOut } from '../evaluate.js';
import { fitSimulator } from '../fit.js';
import type { UserSimulator } from '../types.js';
import { plantedRuleSequences } from '../synthetic.js';

type Trainable = Parameters<typeof fitSimulator>[0];
type FitOpts = Parameters<typeof fitSimulator>[2];

/** Trains on the planted rule and checks HR@10 / NDCG@10 rise well above the untrained model's. */
export async function expectLearnsPlantedRule(sim: Trainable & UserSimulator, N: number, fit: FitOpts): Promise<void> {
  const rng = new Rng(7);
  const train = plantedRuleSequences(rng, { numItems: N, sequences: 300 });
  const held = leaveLastOut(plantedRuleSequences(rng, { numItems: N, sequences: 100 }));
  const before = await evaluateNextItem(sim, held);
  const result = await fitSimulator(sim, train, fit);
  expect(result.epochs[result.epochs.length - 1]!.loss).toBeLessThan(result.epochs[0]!.loss);
  const after = await evaluateNextItem(sim, held);
  expect(after.hr).toBeGreaterThan(0.75);
  expect(after.hr).toBeGreaterThan(before.hr + 0.3);
  expect(after.ndcg).toBeGreaterThan(0.5);
}

/** Batched scoreAll equals one-by-one scoring, and a row's scores do not depend on the padding length. */
export async function expectBatchedEqualsSingle(sim: UserSimulator, N: number, tol: number): Promise<void> {
  const seqs = [[3], [4, 11, 18], [9, 16, 23, 30, 7, 14, 21, 28, 5, 12, 19, 26, 3], [1, 2]];
  const batch = await sim.scoreAll(seqs);
  const V = N + 1;
  for (let b = 0; b < seqs.length; b++) {
    const one = await sim.scoreAll([seqs[b]!]);
    for (let j = 0; j < V; j++) expect(Math.abs(batch[b * V + j]! - one[j]!)).toBeLessThan(tol);
  }
  // A row's score does not change when a much longer row is in the batch (more padding).
  const padded = await sim.scoreAll([[4, 11, 18], Array.from({ length: 20 }, (_, i) => 1 + ((i * 7) % N))]);
  for (let j = 0; j < V; j++) expect(Math.abs(padded[j]! - batch[1 * V + j]!)).toBeLessThan(tol);
}
