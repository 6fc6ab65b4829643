/** Writing topics with their vocabularies (lowercase, 12 distinct words each), shared by the IF families. */
export const TOPICS: Readonly<Record<string, readonly string[]>> = {
  cats: ['cats', 'purr', 'sleep', 'soft', 'fur', 'play', 'milk', 'quiet', 'paws', 'nap', 'warm', 'chase'],
  rain: ['rain', 'clouds', 'wet', 'grey', 'drops', 'puddles', 'cool', 'storm', 'umbrella', 'falls', 'sky', 'fresh'],
  coffee: ['coffee', 'hot', 'cup', 'beans', 'morning', 'dark', 'bitter', 'aroma', 'brew', 'mug', 'sip', 'strong'],
  trains: ['trains', 'rails', 'fast', 'station', 'ticket', 'journey', 'track', 'steam', 'carriage', 'travel', 'late', 'window'],
  gardens: ['gardens', 'flowers', 'green', 'soil', 'roses', 'grow', 'seeds', 'bloom', 'water', 'leaves', 'sun', 'bees'],
  stars: ['stars', 'night', 'bright', 'sky', 'far', 'shine', 'light', 'space', 'dark', 'glow', 'moon', 'vast'],
  music: ['music', 'songs', 'rhythm', 'notes', 'sing', 'dance', 'melody', 'loud', 'beat', 'sound', 'piano', 'voice'],
  winter: ['winter', 'snow', 'cold', 'ice', 'frost', 'white', 'scarf', 'fire', 'long', 'nights', 'boots', 'wind'],
  bread: ['bread', 'flour', 'bake', 'warm', 'crust', 'oven', 'dough', 'fresh', 'butter', 'slice', 'yeast', 'loaf'],
  oceans: ['oceans', 'waves', 'salt', 'blue', 'deep', 'fish', 'tide', 'shore', 'whales', 'sand', 'vast', 'foam'],
};
