/**
 * Item construction and level checks shared by every task family (one copy for all domains).
 */
import { InvalidParamError } from '@prorl/rl-core';
import type { Domain, TaskItem } from '../../types.js';

/** The short answer-format instruction appended to the math / algorithmic / STEM prompts. */
export const ASK = 'Answer in <answer></answer>.';

/** Throws an actionable error when `level` is not one of the family's levels. */
export function checkLevel(family: string, level: number, levels: readonly number[]): void {
  if (!levels.includes(level)) {
    throw new InvalidParamError(`${family}.generate(level)`, `level ${level} is not one of [${levels.join(', ')}]`, "pass one of the family's levels");
  }
}

/** Builds a TaskItem with the suite's id convention `${family}/L${level}/${seed}`. */
export function makeItem(
  family: string,
  domain: Domain,
  level: number,
  seed: number,
  prompt: string,
  oracle: string,
  meta: Record<string, unknown>,
): TaskItem {
  return { id: `${family}/L${level}/${seed}`, family, domain, level, seed, prompt, oracle, meta };
}

/** Meta field accessors that tolerate a malformed (e.g. JSON-round-tripped, hand-edited) item: they throw a TypeError the score wrapper turns into 'verifier_error'. */
export function metaNumber(meta: Record<string, unknown>, key: string): number {
  const v = meta[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`meta.${key} is not a number`);
  return v;
}

export function metaString(meta: Record<string, unknown>, key: string): string {
  const v = meta[key];
  if (typeof v !== 'string') throw new TypeError(`meta.${key} is not a string`);
  return v;
}

export function metaStrings(meta: Record<string, unknown>, key: string): string[] {
  const v = meta[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new TypeError(`meta.${key} is not a string[]`);
  return v as string[];
}

export function metaNumbers(meta: Record<string, unknown>, key: string): number[] {
  const v = meta[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) throw new TypeError(`meta.${key} is not a number[]`);
  return v as number[];
}
