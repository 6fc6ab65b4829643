/**
 * instruction_following (IFEval-style, ProRL's IF domain): write a short text on a topic under format
 * constraints that rules check (word counts, case, required and forbidden words, first/last word,
 * bullet points, a JSON object with given keys, no commas). Items are planted: the constraint set is
 * drawn compatible, and the oracle text is built to satisfy all of it (and re-checked).
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, intIn, makeItem, scoreWith } from '../common/index.js';
import { checkConstraint, describeConstraint, labelConstraint, type Constraint } from './constraints.js';
import { TOPICS } from './topics.js';

const NAME = 'instruction_following';
const LEVELS = [1, 2, 3, 4, 5] as const;

const JSON_KEYS = ['title', 'summary', 'mood', 'place', 'time', 'reason', 'color'];

interface LevelConfig {
  k: number;
  words: [number, number];
}
const CONFIG: Record<number, LevelConfig> = {
  1: { k: 1, words: [2, 4] },
  2: { k: 2, words: [3, 6] },
  3: { k: 3, words: [4, 10] },
  4: { k: 4, words: [6, 15] },
  5: { k: 5, words: [8, 25] },
};

type Format = 'plain' | 'bullets' | 'json';
/** Constraint groups: at most one constraint per group. */
type Group = 'length' | 'case' | 'include' | 'forbid' | 'start' | 'end' | 'commas';

export interface InstructionMeta {
  topic: string;
  constraints: Constraint[];
}

function groupsFor(format: Format, level: number): Group[] {
  if (level === 1) return ['length', 'case', 'include'];
  switch (format) {
    case 'plain':
      return ['length', 'case', 'include', 'forbid', 'start', 'end', 'commas'];
    case 'bullets':
      return ['length', 'case', 'include', 'forbid', 'commas'];
    case 'json':
      return ['case', 'include', 'forbid'];
    default: {
      const never: never = format;
      return never;
    }
  }
}

/** Splits `items` into `parts` non-empty consecutive chunks (items.length >= parts). */
function chunks<T>(rng: Rng, items: T[], parts: number): T[][] {
  const cuts = rng.shuffle(Array.from({ length: items.length - 1 }, (_, i) => i + 1)).slice(0, parts - 1).sort((a, b) => a - b);
  const out: T[][] = [];
  let prev = 0;
  for (const c of [...cuts, items.length]) {
    out.push(items.slice(prev, c));
    prev = c;
  }
  return out;
}

function plant(rng: Rng, level: number): { topic: string; constraints: Constraint[]; oracle: string } {
  const cfg = CONFIG[level]!;
  const topic = rng.pick(Object.keys(TOPICS));
  const vocab = rng.shuffle([...TOPICS[topic]!]);
  // JSON admits only 3 extra groups, so it is offered where k - 1 <= 3 (levels 3-4).
  const formats: Format[] = level < 3 ? ['plain'] : level === 3 ? ['plain', 'plain', 'bullets', 'json'] : level === 4 ? ['plain', 'bullets', 'json'] : ['plain', 'bullets'];
  const format = rng.pick(formats);
  const mandatory = format === 'plain' ? 0 : 1;
  const groups = rng.shuffle(groupsFor(format, level)).slice(0, Math.max(0, cfg.k - mandatory));
  if (groups.length + mandatory !== cfg.k) throw new Error(`instruction_following: level ${level} cannot draw ${cfg.k} constraints for format ${format}`);
  const has = (g: Group): boolean => groups.includes(g);

  // words with a role, drawn from the topic vocabulary without overlap
  let v = 0;
  const take = (): string => vocab[v++ % vocab.length]!;
  const include = has('include') ? take() : null;
  const forbid = has('forbid') ? take() : null;
  const start = has('start') ? take() : null;
  const end = has('end') ? take() : null;
  const fillers = vocab.slice(v);
  const required = [include, start, end].filter((w): w is string => w !== null).length;

  const bullets = format === 'bullets' ? intIn(rng, 2, Math.min(5, level)) : 0;
  const jsonKeys = format === 'json' ? rng.shuffle([...JSON_KEYS]).slice(0, intIn(rng, 2, 3)) : [];
  const minWords = Math.max(cfg.words[0], required + 1, bullets, jsonKeys.length);
  const maxWords = Math.max(cfg.words[1], minWords);

  const constraints: Constraint[] = [];
  let count = intIn(rng, minWords, maxWords);
  if (has('length')) {
    const kind = level === 1 ? 'word_count_exact' : rng.pick(['word_count_exact', 'word_count_max', 'word_count_min'] as const);
    const n = count;
    if (kind === 'word_count_max') count = Math.max(minWords, n - rng.int(3));
    if (kind === 'word_count_min') count = n + rng.int(3);
    constraints.push({ kind, n });
  }
  const caseKind = has('case') ? (format === 'json' ? 'lowercase' : rng.pick(['lowercase', 'uppercase'] as const)) : null;
  if (caseKind !== null) constraints.push({ kind: caseKind });
  if (include !== null) constraints.push({ kind: 'include', word: include });
  if (forbid !== null) constraints.push({ kind: 'forbid', word: forbid });
  if (start !== null) constraints.push({ kind: 'start_with', word: start });
  if (end !== null) constraints.push({ kind: 'end_with', word: end });
  if (has('commas')) constraints.push({ kind: 'no_commas' });
  if (format === 'bullets') constraints.push({ kind: 'bullets', n: bullets });
  if (format === 'json') constraints.push({ kind: 'json_keys', keys: jsonKeys });

  // body words: fillers, with the included word at a random position, then start/end around them
  const middleCount = count - (start ? 1 : 0) - (end ? 1 : 0);
  const middle: string[] = [];
  for (let i = 0; middle.length < middleCount - (include ? 1 : 0); i++) middle.push(fillers[i % Math.max(1, fillers.length)] ?? 'and');
  if (include) middle.splice(rng.int(middle.length + 1), 0, include);
  const body = [...(start ? [start] : []), ...middle, ...(end ? [end] : [])];

  let oracle: string;
  switch (format) {
    case 'plain':
      oracle = body.join(' ');
      break;
    case 'bullets':
      oracle = chunks(rng, body, bullets).map((c) => `- ${c.join(' ')}`).join('\n');
      break;
    case 'json': {
      const parts = chunks(rng, body, jsonKeys.length);
      oracle = JSON.stringify(Object.fromEntries(jsonKeys.map((k, i) => [k, parts[i]!.join(' ')])));
      break;
    }
    default: {
      const never: never = format;
      return never;
    }
  }
  if (caseKind === 'uppercase') oracle = oracle.toUpperCase();
  return { topic, constraints: rng.shuffle(constraints), oracle };
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  for (;;) {
    const { topic, constraints, oracle } = plant(rng, level);
    if (!constraints.every((c) => checkConstraint(c, oracle))) continue; // never expected; keeps items valid by construction
    const rules = constraints.map(describeConstraint).join(' ');
    const prompt =
      level === 1
        ? `Write about ${topic}. ${rules} Reply in <answer></answer>.`
        : `Write about ${topic}, following every rule. ${rules} Put only the reply inside <answer></answer>.`;
    const meta: InstructionMeta = { topic, constraints };
    return makeItem(NAME, 'instruction', level, seed, prompt, oracle, meta as unknown as Record<string, unknown>);
  }
}

function score(item: TaskItem, completion: string) {
  const meta = item.meta as unknown as InstructionMeta;
  return scoreWith(completion, (answer) => {
    if (answer.length === 0) return { score: 0, reason: 'empty' };
    const passed = meta.constraints.filter((c) => checkConstraint(c, answer)).length;
    const total = meta.constraints.length;
    return { score: passed / total, reason: passed === total ? 'all_satisfied' : `partial:${passed}/${total}` };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as InstructionMeta;
  return `Rules: ${meta.constraints.map(labelConstraint).join('; ')}. Draft and check each.\n${answerBlock(item.oracle)}`;
}

export const instructionFollowing: TaskFamily = {
  name: NAME,
  domain: 'instruction',
  levels: LEVELS,
  description: 'Write a short text on a topic under rule-checked format constraints (IFEval-style).',
  scoringRules:
    'No <answer> block or an empty answer: 0. Otherwise the fraction of constraints satisfied by the <answer> content. Words are whitespace tokens with surrounding punctuation stripped, compared lowercase; case rules need at least one letter; bullets are lines starting with "- " or "* "; a JSON object must have exactly the given keys with string values (a ``` fence is allowed).',
  generate,
  solve,
  score,
};
