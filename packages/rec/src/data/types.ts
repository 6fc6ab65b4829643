/**
 * Data types of the recommendation pipeline. Item and user ids are the dataset's raw ids as strings
 * (e.g. MovieLens MovieID "1193"); dense indices are assigned later, by the consumer that needs them.
 */

/** One user-item interaction. `time` orders a user's sequence (unix seconds, or an ordinal). */
export interface Interaction {
  user: string;
  item: string;
  time: number;
  rating?: number;
}

/** Item metadata: attributes drive the coherence oracle (e.g. genres), titles are for display. */
export interface ItemInfo {
  id: string;
  title?: string;
  attributes: string[];
}

/** Catalogue: every known item with its attributes. */
export type Catalog = Map<string, ItemInfo>;

/**
 * A proactive-recommendation record: a history of items, a coherent path of intermediate items and
 * the target item (the path does not include the target).
 */
export interface PathRecord {
  user?: string;
  /** The items immediately before the path (the paper uses exactly 10). */
  history: string[];
  /** Intermediate items (the policy's supervised target in pretraining; may be empty). */
  path: string[];
  /** The item to steer toward. */
  target: string;
}

/** item id → semantic ID codes, e.g. [c0, c1, c2, collision] (c0..c2 in 0..K-1, collision 1-based). */
export type SemanticIds = Map<string, number[]>;

/** A dataset ready for the pipeline. */
export interface RecDataset {
  name: string;
  catalog: Catalog;
  /** Time-ordered item sequences per user (for simulator training). */
  sequences?: Map<string, string[]>;
  /**
   * Held-out users of `sequences` for the simulator (early stopping / reported metrics). Without it,
   * the users of the val and test records are held out.
   */
  simulatorSplit?: { val: string[]; test: string[] };
  train: PathRecord[];
  val: PathRecord[];
  test: PathRecord[];
  semanticIds?: SemanticIds;
  /** Human-readable notes about how the splits were built (shown in reports). */
  notes: string[];
}
