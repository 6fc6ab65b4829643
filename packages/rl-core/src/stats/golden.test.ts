import { goldenSuite } from '../test-utils/golden.js';

goldenSuite('whiten');
