/**
 * The registry of every task family: the six domain barrels in one list, looked up by name.
 * Family names must be unique across domains; a duplicate is a programming error and fails loudly at
 * import time (the registry test also checks it).
 */
import { UnknownNameError } from '@prorl/rl-core';
import { ALGORITHMIC_FAMILIES } from './families/algorithmic/index.js';
import { CODE_FAMILIES } from './families/code/index.js';
import { INSTRUCTION_FAMILIES } from './families/instruction/index.js';
import { LOGIC_FAMILIES } from './families/logic/index.js';
import { MATH_FAMILIES } from './families/math/index.js';
import { STEM_FAMILIES } from './families/stem/index.js';
import type { Domain, TaskFamily } from './types.js';

/** Every family, in domain order: math, algorithmic, logic, stem, code, instruction. */
export const ALL_FAMILIES: readonly TaskFamily[] = [
  ...MATH_FAMILIES,
  ...ALGORITHMIC_FAMILIES,
  ...LOGIC_FAMILIES,
  ...STEM_FAMILIES,
  ...CODE_FAMILIES,
  ...INSTRUCTION_FAMILIES,
];

const BY_NAME: ReadonlyMap<string, TaskFamily> = (() => {
  const m = new Map<string, TaskFamily>();
  for (const f of ALL_FAMILIES) {
    if (m.has(f.name)) throw new Error(`task registry: two families are named '${f.name}' (domains ${m.get(f.name)!.domain} and ${f.domain}); rename one`);
    m.set(f.name, f);
  }
  return m;
})();

/** The family named `name`; an unknown name throws `UnknownNameError` listing the valid names. */
export function getFamily(name: string): TaskFamily {
  const f = BY_NAME.get(name);
  if (!f) throw new UnknownNameError('family', name, [...BY_NAME.keys()]);
  return f;
}

export function hasFamily(name: string): boolean {
  return BY_NAME.has(name);
}

export function familyNames(): string[] {
  return [...BY_NAME.keys()];
}

/** One row of `prorl-reason tasks list`. */
export interface FamilyInfo {
  family: string;
  domain: Domain;
  levels: number[];
  description: string;
  scoringRules: string;
}

export function listFamilies(): FamilyInfo[] {
  return ALL_FAMILIES.map((f) => ({ family: f.name, domain: f.domain, levels: [...f.levels], description: f.description, scoringRules: f.scoringRules }));
}
