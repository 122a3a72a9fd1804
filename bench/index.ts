/**
 * `npm run bench`: figures and ratios measured in this process (brief rule 5). Nothing here
 * is asserted; the numbers are printed for the README and the issues.
 */
import { benchEvaluators } from './evaluators.js';
import { benchEngine } from './engine.js';
import { benchKernel } from './kernel.js';
import { benchConstants } from './constants.js';
import { benchNetworks } from './networks.js';

const which = process.argv[2] ?? 'all';
if (which === 'all' || which === 'eval') benchEvaluators();
if (which === 'all' || which === 'kernel') benchKernel();
if (which === 'all' || which === 'engine') await benchEngine();
if (which === 'all' || which === 'constants') await benchConstants();
if (which === 'all' || which === 'networks') await benchNetworks();
