/**
 * Composite suites (Reasoning Gym's `composite` dataset, our way): a weighted list of families, each
 * with its levels and optional per-level weights, plus families held out of the training split (like
 * ProRL's boxnet, unseen in training) and the split fractions.
 *
 * Named suites (built from the registry when asked for):
 *  - `default`: every family at its first two levels (levels 1-2 for families numbered from 1);
 *  - `full`: every family at every level;
 *  - one per domain (`math`, `algorithmic`, `logic`, `stem`, `code`, `instruction`): that domain's
 *    families at every level.
 * All of them hold out of training the paper's out-of-distribution families that exist here:
 * `boxnet`, `acre`, `game_of_life_halting` (they still appear in validation and test).
 */
import { getFamily, ALL_FAMILIES } from '../tasks/registry.js';
import { DOMAINS, type Domain } from '../tasks/types.js';
import { SuiteError } from './errors.js';
import { resolveSplitFractions, type SplitFractions } from './split.js';

export interface SuiteEntry {
  family: string;
  /** Relative weight of the family (default 1). */
  weight?: number;
  /** Levels to draw from (default: all the family's levels). */
  levels?: readonly number[];
  /** Relative weight per entry of `levels` (default: uniform). */
  levelWeights?: readonly number[];
}

export interface SuiteSpec {
  name: string;
  entries: readonly SuiteEntry[];
  /** Families that never appear in the train split. */
  heldOut?: readonly string[];
  fractions?: Partial<SplitFractions>;
}

/** A validated suite with every default filled in. */
export interface ResolvedSuite {
  resolved: true;
  name: string;
  entries: { family: string; weight: number; levels: number[]; levelWeights: number[] }[];
  heldOut: string[];
  fractions: SplitFractions;
}

/** ProRL's out-of-distribution Reasoning Gym tasks [P §4]; held out of training when registered. */
export const PAPER_HELD_OUT_FAMILIES: readonly string[] = ['boxnet', 'acre', 'game_of_life_halting'];

export type NamedSuite = 'default' | 'full' | Domain;
export const NAMED_SUITES: readonly NamedSuite[] = ['default', 'full', ...DOMAINS];

function heldOutHere(): string[] {
  const names = new Set(ALL_FAMILIES.map((f) => f.name));
  return PAPER_HELD_OUT_FAMILIES.filter((n) => names.has(n));
}

function namedSpec(name: NamedSuite): SuiteSpec {
  switch (name) {
    case 'default':
      return { name, entries: ALL_FAMILIES.map((f) => ({ family: f.name, levels: f.levels.slice(0, 2) })), heldOut: heldOutHere() };
    case 'full':
      return { name, entries: ALL_FAMILIES.map((f) => ({ family: f.name })), heldOut: heldOutHere() };
    case 'math':
    case 'algorithmic':
    case 'logic':
    case 'stem':
    case 'code':
    case 'instruction':
      return { name, entries: ALL_FAMILIES.filter((f) => f.domain === name).map((f) => ({ family: f.name })), heldOut: heldOutHere() };
    default: {
      const never: never = name;
      throw new Error(`unhandled suite ${String(never)}`);
    }
  }
}

/** The named suite's spec; unknown names throw `SuiteError('unknown_suite')` listing the valid ones. */
export function getSuiteSpec(name: string): SuiteSpec {
  if (!(NAMED_SUITES as readonly string[]).includes(name)) {
    throw new SuiteError('unknown_suite', `suite '${name}'`, 'is not a named suite', `use one of: ${NAMED_SUITES.join(', ')}`);
  }
  return namedSpec(name as NamedSuite);
}

/** Validates a spec (families exist, levels valid, weights positive) and fills defaults. */
export function resolveSuite(spec: ResolvedSuite | SuiteSpec | string): ResolvedSuite {
  if (typeof spec === 'object' && 'resolved' in spec) return spec;
  const s = typeof spec === 'string' ? getSuiteSpec(spec) : spec;
  const where = `suite '${s.name}'`;
  if (s.entries.length === 0) {
    throw new SuiteError('invalid_suite', where, 'has no families (its domain may have none registered yet)', 'pick another suite or add entries');
  }
  const seen = new Set<string>();
  const entries = s.entries.map((e) => {
    const fam = getFamily(e.family);
    if (seen.has(e.family)) throw new SuiteError('invalid_suite', where, `lists family '${e.family}' twice`, 'merge the two entries');
    seen.add(e.family);
    const weight = e.weight ?? 1;
    if (!(Number.isFinite(weight) && weight > 0)) throw new SuiteError('invalid_suite', where, `family '${e.family}' has weight ${weight}`, 'use a positive finite weight (drop the entry to exclude a family)');
    const levels = [...(e.levels ?? fam.levels)];
    if (levels.length === 0) throw new SuiteError('invalid_suite', where, `family '${e.family}' has no levels`, `use some of: ${fam.levels.join(', ')}`);
    for (const l of levels) {
      if (!fam.levels.includes(l)) throw new SuiteError('invalid_level', `${where}, family '${e.family}'`, `has no level ${l}`, `use some of: ${fam.levels.join(', ')}`);
    }
    const levelWeights = [...(e.levelWeights ?? levels.map(() => 1))];
    if (levelWeights.length !== levels.length || levelWeights.some((w) => !(Number.isFinite(w) && w >= 0)) || !levelWeights.some((w) => w > 0)) {
      throw new SuiteError('invalid_suite', `${where}, family '${e.family}'`, 'levelWeights must be one non-negative weight per level, not all 0', `pass ${levels.length} weights`);
    }
    return { family: e.family, weight, levels, levelWeights };
  });
  const heldOut = [...(s.heldOut ?? [])];
  for (const h of heldOut) getFamily(h);
  return { resolved: true, name: s.name, entries, heldOut, fractions: resolveSplitFractions(s.fractions) };
}

/** The suite restricted to one family (all its levels when the suite does not include it). */
export function restrictSuite(suite: ResolvedSuite, family: string): ResolvedSuite {
  const own = suite.entries.find((e) => e.family === family);
  const entry = own ?? resolveSuite({ name: family, entries: [{ family }] }).entries[0]!;
  return { ...suite, name: `${suite.name}:${family}`, entries: [{ ...entry, weight: 1 }] };
}
