/**
 * Typed errors of the user simulators: what was wrong, where, and how to fix it.
 *  - `SimulatorInputError`: a bad sequence given to `scoreAll` / `evaluate` / training (item id out of
 *    range, empty sequence, non-integer id).
 *  - `SimulatorConfigError`: an invalid simulator or training config field.
 */
export type SimulatorInputProblem = 'item-out-of-range' | 'empty-sequence' | 'not-an-integer' | 'too-long' | 'no-data';

export class SimulatorInputError extends Error {
  override readonly name = 'SimulatorInputError';
  constructor(
    readonly problem: SimulatorInputProblem,
    what: string,
    fix: string,
  ) {
    super(`${what}. Fix: ${fix}`);
  }
}

export class SimulatorConfigError extends Error {
  override readonly name = 'SimulatorConfigError';
  constructor(
    readonly field: string,
    rule: string,
    fix: string,
  ) {
    super(`simulator config '${field}': ${rule}. Fix: ${fix}`);
  }
}

/**
 * Checks B sequences of dense item ids (1..numItems, 0 is padding and not allowed inside a sequence)
 * and returns each one truncated to its last `maxLen` items (oldest first).
 */
export function checkSequences(seqs: readonly (readonly number[])[], numItems: number, maxLen: number, where = 'scoreAll'): (readonly number[])[] {
  const out: (readonly number[])[] = [];
  for (let b = 0; b < seqs.length; b++) {
    const s = seqs[b]!;
    if (s.length === 0) {
      throw new SimulatorInputError('empty-sequence', `${where}: sequence ${b} is empty`, 'give every sequence at least one item (the user history)');
    }
    for (let t = 0; t < s.length; t++) {
      const it = s[t]!;
      if (!Number.isInteger(it)) {
        throw new SimulatorInputError('not-an-integer', `${where}: sequence ${b}, position ${t} holds ${it}, not an integer item id`, 'map raw item ids to dense ids with ItemIndex.encode');
      }
      if (it < 1 || it > numItems) {
        throw new SimulatorInputError(
          'item-out-of-range',
          `${where}: sequence ${b}, position ${t} holds item ${it}, outside the simulator's dense ids 1..${numItems} (0 is padding)`,
          'map raw item ids with the ItemIndex the simulator was trained with, and drop items it does not know',
        );
      }
    }
    out.push(s.length > maxLen ? s.slice(s.length - maxLen) : s);
  }
  return out;
}
