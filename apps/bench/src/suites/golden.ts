/**
 * The `golden` suite: checks every fixture file in a directory (the schema of `fixtures/rl-golden/`)
 * against rl-core. Reads files; the comparison itself is rl-core's pure `checkGoldenFile`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkGoldenFile, type CaseResult, type GoldenFile } from '@prorl/rl-core';
import { BenchInputError } from '../errors.js';

export interface GoldenFileResult {
  file: string;
  family: string;
  results: CaseResult[];
}

export interface GoldenReport {
  dir: string;
  files: GoldenFileResult[];
  passed: number;
  failed: number;
}

/** Runs every `*.json` fixture file of `dir`. Throws BenchInputError for a missing/empty dir or unreadable file. */
export function runGolden(dir: string): GoldenReport {
  const abs = resolve(dir);
  let names: string[];
  try {
    if (!statSync(abs).isDirectory()) throw new Error('not a directory');
    names = readdirSync(abs).filter((n) => n.endsWith('.json')).sort();
  } catch {
    throw new BenchInputError(`--fixtures ${dir}`, 'is not a readable directory', 'pass the folder that holds the fixture *.json files, e.g. ../shared/fixtures/rl-golden');
  }
  if (names.length === 0) {
    throw new BenchInputError(`--fixtures ${dir}`, 'holds no *.json fixture files', 'point it at a folder with files like grpo.json, kl.json, ...');
  }
  const files: GoldenFileResult[] = [];
  let passed = 0;
  let failed = 0;
  for (const name of names) {
    const path = join(abs, name);
    let parsed: GoldenFile;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as GoldenFile;
    } catch (err) {
      throw new BenchInputError(path, `is not valid JSON (${(err as Error).message})`, 'regenerate or remove the file');
    }
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.family !== 'string' || !Array.isArray(parsed.cases)) {
      throw new BenchInputError(path, 'is not a fixture file (needs a string "family" and a "cases" array)', 'remove it from the folder or fix its schema');
    }
    const results = checkGoldenFile(parsed);
    for (const r of results) (r.passed ? passed++ : failed++);
    files.push({ file: name, family: parsed.family, results });
  }
  return { dir: abs, files, passed, failed };
}

/** Text form: one line per failing case, then `N passed, M failed` last. */
export function formatGolden(report: GoldenReport): string {
  const lines: string[] = [];
  for (const f of report.files) {
    for (const r of f.results) {
      if (!r.passed) lines.push(`FAIL ${r.id} (${f.file}): ${r.problems.join('; ')}`);
    }
  }
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}
