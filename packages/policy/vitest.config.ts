import { prorlVitestConfig } from '../../vitest.shared.js';

export default prorlVitestConfig();
