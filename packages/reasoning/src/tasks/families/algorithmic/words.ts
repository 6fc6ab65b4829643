/**
 * Small built-in vocabularies for the algorithmic families (no data files): common English words and
 * hand-collected anagram groups. Anagram groups are re-derived from letters at generation time, so a
 * mistake here can never produce a wrong oracle, only a smaller group.
 */

/** Common lowercase English words, 2–9 letters, no duplicates. */
export const WORDS: readonly string[] = [
  'apple', 'banana', 'cherry', 'grape', 'lemon', 'mango', 'peach', 'plum', 'pear', 'melon',
  'bread', 'butter', 'cheese', 'honey', 'sugar', 'salt', 'pepper', 'rice', 'soup', 'cake',
  'river', 'ocean', 'lake', 'forest', 'desert', 'island', 'valley', 'mountain', 'hill', 'beach',
  'cat', 'dog', 'horse', 'mouse', 'tiger', 'zebra', 'lion', 'bear', 'wolf', 'fox',
  'eagle', 'robin', 'sparrow', 'owl', 'duck', 'goose', 'swan', 'crow', 'hawk', 'parrot',
  'red', 'blue', 'green', 'yellow', 'purple', 'orange', 'black', 'white', 'brown', 'silver',
  'house', 'garden', 'window', 'door', 'table', 'chair', 'bed', 'lamp', 'clock', 'mirror',
  'book', 'paper', 'pencil', 'letter', 'story', 'poem', 'music', 'song', 'dance', 'game',
  'sun', 'moon', 'star', 'planet', 'comet', 'cloud', 'rain', 'snow', 'wind', 'storm',
  'happy', 'quick', 'quiet', 'brave', 'calm', 'clever', 'gentle', 'proud', 'kind', 'wise',
  'run', 'jump', 'swim', 'read', 'write', 'sing', 'play', 'build', 'climb', 'travel',
  'city', 'road', 'bridge', 'tower', 'castle', 'market', 'school', 'office', 'harbor', 'station',
  'winter', 'spring', 'summer', 'autumn', 'morning', 'evening', 'night', 'today', 'week', 'year',
  'water', 'fire', 'earth', 'stone', 'metal', 'glass', 'wood', 'sand', 'iron', 'gold',
  'king', 'queen', 'knight', 'wizard', 'pilot', 'doctor', 'farmer', 'baker', 'sailor', 'artist',
  'box', 'cup', 'hat', 'key', 'map', 'pen', 'ring', 'ship', 'train', 'wheel',
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine',
  'jazz', 'quiz', 'vivid', 'oxygen', 'yacht', 'jungle', 'kettle', 'violin', 'upper', 'under',
  'alpha', 'delta', 'gamma', 'sigma', 'omega', 'echo', 'hotel', 'india', 'kilo', 'tango',
  'ant', 'bee', 'elk', 'emu', 'gnu', 'yak', 'eel', 'ape', 'cod', 'hen',
];

/** Words of at most `max` letters. */
export function wordsUpTo(max: number): string[] {
  return WORDS.filter((w) => w.length <= max);
}

/** Groups of mutual anagrams (every group has ≥ 2 words and a distinct letter multiset). */
export const ANAGRAM_GROUPS: readonly (readonly string[])[] = [
  ['eat', 'tea', 'ate'],
  ['tan', 'nat', 'ant'],
  ['dog', 'god'],
  ['act', 'cat'],
  ['arc', 'car'],
  ['art', 'rat', 'tar'],
  ['top', 'pot', 'opt'],
  ['now', 'own', 'won'],
  ['tab', 'bat'],
  ['pan', 'nap'],
  ['was', 'saw'],
  ['evil', 'live', 'vile', 'veil'],
  ['stop', 'pots', 'tops', 'spot', 'post', 'opts'],
  ['race', 'care', 'acre'],
  ['inch', 'chin'],
  ['save', 'vase'],
  ['lime', 'mile'],
  ['meat', 'team', 'mate', 'tame'],
  ['pale', 'leap', 'peal', 'plea'],
  ['rose', 'sore', 'ores'],
  ['dusty', 'study'],
  ['night', 'thing'],
  ['state', 'taste'],
  ['lemon', 'melon'],
  ['peach', 'cheap'],
  ['heart', 'earth', 'hater'],
  ['angel', 'glean', 'angle'],
  ['below', 'elbow', 'bowel'],
  ['stale', 'least', 'steal', 'tales', 'slate'],
  ['listen', 'silent', 'enlist', 'tinsel'],
  ['master', 'stream', 'tamers'],
  ['danger', 'garden', 'ranged'],
  ['finder', 'friend', 'refind'],
  ['search', 'arches', 'chaser'],
  ['rescue', 'secure', 'recuse'],
  ['canoe', 'ocean'],
  ['lamp', 'palm'],
  ['flow', 'wolf', 'fowl'],
  ['ring', 'grin'],
  ['note', 'tone'],
  ['dear', 'read', 'dare'],
  ['item', 'time', 'mite', 'emit'],
];

/** The sorted letters of a word: equal keys ⇔ anagrams. */
export function anagramKey(word: string): string {
  return word.split('').sort().join('');
}
