import type { TaskFamily } from '../../types.js';
import { dice } from './dice.js';
import { simplePhysics } from './simple_physics.js';
import { unitConversion } from './unit_conversion.js';

export { dice, simplePhysics, unitConversion };

/** The stem-domain task families. */
export const STEM_FAMILIES: readonly TaskFamily[] = [dice, unitConversion, simplePhysics];
