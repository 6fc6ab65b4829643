import { goldenSuite } from '../test-utils/golden.js';

goldenSuite('kl');
goldenSuite('agg_loss');
goldenSuite('policy_loss');
goldenSuite('entropy');
