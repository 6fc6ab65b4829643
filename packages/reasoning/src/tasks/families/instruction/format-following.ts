/**
 * format_following (IFEval detectable formats): write about a topic in a required layout — a <<title>>,
 * SECTION markers, *** paragraph breaks, a P.S. line, quotation wrapping, an exact end phrase,
 * *highlights*, [placeholders]. Items are planted: a compatible constraint set and an oracle text laid
 * out to satisfy it (re-checked at generation).
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, intIn, makeItem, scoreWith } from '../common/index.js';
import { checkFormat, describeFormat, labelFormat, type FormatConstraint, type FormatKind } from './format-constraints.js';
import { TOPICS } from './topics.js';

const NAME = 'format_following';
const LEVELS = [1, 2, 3, 4, 5] as const;
const END_PHRASES = ['Hope this helps.', 'That is all.', 'Any other questions?', 'Thanks for reading.'];
const PLACEHOLDERS = ['name', 'date', 'place', 'time', 'city', 'friend'];
/** Tiny level-1 layouts keep the answer short. */
const L1_KINDS: FormatKind[] = ['title', 'postscript', 'quotation', 'end_phrase', 'highlights', 'placeholders'];
const ALL_KINDS: FormatKind[] = ['title', 'sections', 'paragraphs', 'postscript', 'quotation', 'end_phrase', 'highlights', 'placeholders'];

export interface FormatMeta {
  topic: string;
  constraints: FormatConstraint[];
}

function pickKinds(rng: Rng, level: number): FormatKind[] {
  const chosen: FormatKind[] = [];
  for (const k of rng.shuffle([...(level === 1 ? L1_KINDS : ALL_KINDS)])) {
    if (chosen.length === level) break;
    if ((k === 'sections' && chosen.includes('paragraphs')) || (k === 'paragraphs' && chosen.includes('sections'))) continue;
    if ((k === 'quotation' && chosen.includes('end_phrase')) || (k === 'end_phrase' && chosen.includes('quotation'))) continue;
    chosen.push(k);
  }
  return chosen;
}

function plant(rng: Rng, level: number): { topic: string; constraints: FormatConstraint[]; oracle: string } {
  const topic = rng.pick(Object.keys(TOPICS));
  const vocab = rng.shuffle([...TOPICS[topic]!]);
  const kinds = pickKinds(rng, level);
  const constraints: FormatConstraint[] = [];
  const blocks = kinds.includes('sections') || kinds.includes('paragraphs') ? intIn(rng, 2, Math.min(4, level)) : 1;
  const perBlock = level === 1 ? 2 : 3;
  let v = 0;
  const body: string[][] = Array.from({ length: blocks }, () => Array.from({ length: perBlock }, () => vocab[v++ % vocab.length]!));
  const spread = (n: number, make: (i: number) => string): void => {
    for (let i = 0; i < n; i++) {
      const b = body[i % blocks]!;
      b.splice(rng.int(b.length + 1), 0, make(i));
    }
  };
  for (const k of kinds) {
    switch (k) {
      case 'title':
        constraints.push({ kind: 'title' });
        break;
      case 'sections':
        constraints.push({ kind: 'sections', n: blocks });
        break;
      case 'paragraphs':
        constraints.push({ kind: 'paragraphs', n: blocks });
        break;
      case 'postscript':
        constraints.push({ kind: 'postscript' });
        break;
      case 'quotation':
        constraints.push({ kind: 'quotation' });
        break;
      case 'end_phrase':
        constraints.push({ kind: 'end_phrase', phrase: rng.pick(END_PHRASES) });
        break;
      case 'highlights': {
        const n = level <= 2 ? 1 : intIn(rng, 1, 3);
        constraints.push({ kind: 'highlights', n });
        spread(n, () => `*${vocab[v++ % vocab.length]!}*`);
        break;
      }
      case 'placeholders': {
        const n = level <= 2 ? 1 : intIn(rng, 1, 3);
        constraints.push({ kind: 'placeholders', n });
        const names = rng.shuffle([...PLACEHOLDERS]);
        spread(n, (i) => `[${names[i % names.length]!}]`);
        break;
      }
      default: {
        const never: never = k;
        return never;
      }
    }
  }
  const out: string[] = [];
  if (kinds.includes('title')) out.push(`<<${vocab[v++ % vocab.length]!} ${vocab[v++ % vocab.length]!}>>`);
  body.forEach((words, i) => {
    if (kinds.includes('sections')) out.push(`SECTION ${i + 1}`);
    else if (kinds.includes('paragraphs') && i > 0) out.push('***');
    out.push(words.join(' '));
  });
  if (kinds.includes('postscript')) out.push(`P.S. ${vocab[v++ % vocab.length]!}`);
  const end = constraints.find((c): c is Extract<FormatConstraint, { kind: 'end_phrase' }> => c.kind === 'end_phrase');
  if (end) out.push(end.phrase);
  let oracle = out.join('\n');
  if (kinds.includes('quotation')) oracle = `"${oracle}"`;
  return { topic, constraints: rng.shuffle(constraints), oracle };
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  for (;;) {
    const { topic, constraints, oracle } = plant(rng, level);
    if (constraints.length !== level || !constraints.every((c) => checkFormat(c, oracle))) continue;
    const rules = constraints.map(describeFormat).join(' ');
    const prompt =
      level === 1
        ? `Write about ${topic}. ${rules} Reply in <answer></answer>.`
        : `Write about ${topic} in this layout. ${rules} Put only the reply inside <answer></answer>.`;
    const meta: FormatMeta = { topic, constraints };
    return makeItem(NAME, 'instruction', level, seed, prompt, oracle, meta as unknown as Record<string, unknown>);
  }
}

function score(item: TaskItem, completion: string) {
  const meta = item.meta as unknown as FormatMeta;
  return scoreWith(completion, (answer) => {
    if (answer.length === 0) return { score: 0, reason: 'empty' };
    const passed = meta.constraints.filter((c) => checkFormat(c, answer)).length;
    const total = meta.constraints.length;
    return { score: passed / total, reason: passed === total ? 'all_satisfied' : `partial:${passed}/${total}` };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as FormatMeta;
  return `Layout: ${meta.constraints.map(labelFormat).join('; ')}.\n${answerBlock(item.oracle)}`;
}

export const formatFollowing: TaskFamily = {
  name: NAME,
  domain: 'instruction',
  levels: LEVELS,
  description: 'Write about a topic in a required layout (title, sections, paragraphs, P.S., quotes, end phrase, highlights, placeholders).',
  scoringRules:
    'No <answer> block or an empty answer: 0. Otherwise the fraction of layout rules satisfied by the <answer> content: <<title>> on one line; lines "SECTION 1".."SECTION n" exactly, in order; exactly n non-empty paragraphs split by *** lines; a line starting "P.S."; the trimmed reply starts and ends with a double quote; the trimmed reply ends with the exact phrase; at least n *highlights* / [placeholders] on single lines.',
  generate,
  solve,
  score,
};
