/**
 * Guarded JSON helpers for verifiers whose answers are JSON (logic grids, instruction constraints):
 * total (never throw) and capped before doing any work.
 */
import { MAX_ANSWER_CHARS } from './score.js';

/** JSON.parse guarded by a length cap and a nesting-depth pre-scan; returns undefined on failure. */
export function safeJsonParse(text: string, maxChars = MAX_ANSWER_CHARS, maxDepth = 32): unknown {
  if (text.length > maxChars) return undefined;
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > maxDepth) return undefined;
    } else if (c === 93 || c === 125) depth--;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Strips one surrounding markdown code fence (```json ... ```), if any. */
export function stripFence(text: string): string {
  const t = text.trim();
  if (!t.startsWith('```')) return t;
  const firstNl = t.indexOf('\n');
  const end = t.lastIndexOf('```');
  if (firstNl < 0 || end <= firstNl) return t;
  return t.slice(firstNl + 1, end).trim();
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
