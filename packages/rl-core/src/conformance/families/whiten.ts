/**
 * Golden adapter for `whiten.json`: masked_sum / masked_mean (axis), masked_var (unbiased),
 * masked_whiten (shift_mean). Output: `{ result }`.
 */
import { InvalidParamError } from '../../errors.js';
import { maskedMean, maskedSum, maskedVar } from '../../stats/masked.js';
import { maskedWhiten } from '../../stats/whiten.js';
import { f64, shapeOf, type GoldenAdapter, type GoldenCase } from '../golden.js';
import type { Dims2 } from '../../tensor.js';

function dims2(c: GoldenCase, nested: unknown): Dims2 {
  const s = Array.isArray(c.shape) && c.shape.length === 2 ? c.shape : shapeOf(nested);
  return { B: Number(s[0]), T: Number(s[1]) };
}

function axisParam(c: GoldenCase): null | 0 | 1 | -1 {
  const a = c.params?.axis;
  if (a === null || a === undefined) return null;
  if (a === 0 || a === 1 || a === -1) return a;
  throw new InvalidParamError('params.axis', `unsupported axis ${String(a)}`, 'use null, 0, 1 or -1');
}

export const adapter: GoldenAdapter = (c) => {
  const inputs = c.inputs ?? {};
  const values = f64(inputs.values);
  const mask = f64(inputs.mask);
  const dims = dims2(c, inputs.values);
  const params = c.params ?? {};
  switch (c.fn) {
    case 'masked_sum': {
      const axis = axisParam(c);
      return { result: axis === null ? maskedSum(values, mask, dims) : maskedSum(values, mask, dims, axis) };
    }
    case 'masked_mean': {
      const axis = axisParam(c);
      return { result: axis === null ? maskedMean(values, mask, dims) : maskedMean(values, mask, dims, axis) };
    }
    case 'masked_var':
      return { result: maskedVar(values, mask, dims, { unbiased: params.unbiased !== false }) };
    case 'masked_whiten':
      return { result: maskedWhiten(values, mask, dims, { shiftMean: params.shift_mean !== false }) };
    default:
      throw new Error(`whiten adapter: unknown fn '${String(c.fn)}'`);
  }
};
