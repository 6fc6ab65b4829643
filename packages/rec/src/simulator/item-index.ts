/**
 * Dense item ids for the simulators: raw item ids (strings, as in `RecDataset`) ↔ 1..N, with 0 kept
 * for padding (RecBole's convention). The order is the sorted raw ids, so the same catalogue always
 * gives the same ids.
 */
import { SimulatorInputError } from './errors.js';

export class ItemIndex {
  private readonly toDense: Map<string, number>;

  /** `items`: the raw ids; duplicates are ignored, order does not matter. */
  constructor(items: Iterable<string>) {
    const sorted = [...new Set(items)].sort();
    this.rawIds = sorted;
    this.toDense = new Map(sorted.map((id, i) => [id, i + 1]));
  }

  /** Raw id of dense id i is `rawIds[i − 1]`. */
  readonly rawIds: readonly string[];

  /** N: number of real items. */
  get size(): number {
    return this.rawIds.length;
  }

  has(raw: string): boolean {
    return this.toDense.has(raw);
  }

  /** Dense id of a raw id, or undefined when unknown. */
  get(raw: string): number | undefined {
    return this.toDense.get(raw);
  }

  /** Dense ids of a raw sequence; throws on an unknown item (use `tryEncode` to drop them). */
  encode(seq: readonly string[]): number[] {
    return seq.map((raw, t) => {
      const d = this.toDense.get(raw);
      if (d === undefined) throw new SimulatorInputError('item-out-of-range', `item '${raw}' at position ${t} is not in the simulator's catalogue`, 'use the ItemIndex of the dataset the simulator was trained on');
      return d;
    });
  }

  /** Dense ids of a raw sequence, unknown items dropped. */
  tryEncode(seq: readonly string[]): number[] {
    const out: number[] = [];
    for (const raw of seq) {
      const d = this.toDense.get(raw);
      if (d !== undefined) out.push(d);
    }
    return out;
  }

  /** Raw id of a dense id. */
  decode(dense: number): string {
    const r = this.rawIds[dense - 1];
    if (r === undefined || dense < 1) throw new SimulatorInputError('item-out-of-range', `dense id ${dense} is outside 1..${this.size}`, 'pass ids produced by this index');
    return r;
  }
}
