import type { TaskFamily } from '../../types.js';
import { boxnet } from './boxnet.js';
import { countdown } from './countdown.js';
import { familyRelationships } from './family-relationships.js';
import { graphColor } from './graph-color.js';
import { knightsKnaves } from './knights-knaves.js';
import { maze } from './maze.js';
import { miniSudoku } from './mini-sudoku.js';
import { nQueens } from './n-queens.js';
import { propositionalLogic } from './propositional-logic.js';
import { towerOfHanoi } from './tower-of-hanoi.js';

export { boxnet, countdown, familyRelationships, graphColor, knightsKnaves, maze, miniSudoku, nQueens, propositionalLogic, towerOfHanoi };

/** The logic-domain task families (Reasoning Gym games, graphs and logic puzzles). */
export const LOGIC_FAMILIES: readonly TaskFamily[] = [
  countdown,
  graphColor,
  knightsKnaves,
  miniSudoku,
  nQueens,
  maze,
  towerOfHanoi,
  boxnet,
  familyRelationships,
  propositionalLogic,
];
