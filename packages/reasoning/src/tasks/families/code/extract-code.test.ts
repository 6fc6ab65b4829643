import { describe, expect, it } from 'vitest';
import { codeBlock, extractCode } from './extract-code.js';

describe('extractCode', () => {
  it('takes the last JS fenced block of the completion', () => {
    const c = 'Try:\n```js\nlet a = 1;\n```\nBetter:\n```javascript\nfunction solve() { return 2; }\n```\nDone.';
    expect(extractCode(c)).toBe('function solve() { return 2; }');
  });
  it('prefers the content of the <answer> block', () => {
    const c = '<answer>\n```js\nconst x = 1;\n```\n</answer>\nand later\n```js\nconst y = 2;\n```';
    expect(extractCode(c)).toBe('const x = 1;');
  });
  it('accepts untagged blocks and skips other languages', () => {
    expect(extractCode('```\nA\n```\n```python\nB\n```')).toBe('A');
    expect(extractCode('```python\nprint(1)\n```')).toBeNull();
  });
  it('needs a fenced block: bare code or an unterminated fence gives null', () => {
    expect(extractCode('function solve() {}')).toBeNull();
    expect(extractCode('<answer>function solve() {}</answer>')).toBeNull();
    expect(extractCode('```js\nfunction solve() {}')).toBeNull();
    expect(extractCode('')).toBeNull();
    expect(extractCode(undefined as unknown as string)).toBeNull();
  });
  it('round-trips codeBlock', () => {
    expect(extractCode(codeBlock('a\nb'))).toBe('a\nb');
  });
  it('is fast on adversarial input', () => {
    const s = '```'.repeat(50_000) + '\n'.repeat(10);
    expect(() => extractCode(s)).not.toThrow();
  });
});
