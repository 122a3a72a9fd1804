/**
 * `npm run bench`: figures and ratios measured in this process (brief rule 5). Nothing here
 * is asserted; the numbers are printed for the README and the issues.
 */
import { benchEvaluators } from './evaluators.js';
import { benchEngine } from './engine.js';
import { benchKernel } from './kernel.js';
import { benchConstants } from './constants.js';
import { benchNetworks } from './networks.js';
import { benchAffine } from './affine.js';
import { benchPeers } from './peers.js';
import { benchJobs } from './jobs.js';

const which = process.argv[2] ?? 'all';
if (which === 'all' || which === 'eval') benchEvaluators();
if (which === 'all' || which === 'kernel') benchKernel();
if (which === 'all' || which === 'affine') benchAffine();
if (which === 'all' || which === 'engine') await benchEngine();
if (which === 'all' || which === 'constants') await benchConstants();
if (which === 'all' || which === 'networks') await benchNetworks();
// Not part of 'all': it runs lscert, Z3 and cvc5 as processes for minutes and writes docs/benchmarks.md.
if (which === 'peers') await benchPeers(process.argv.slice(3));
// Not part of 'all': whole processes, one job against N, for minutes; writes bench/results/jobs.json.
if (which === 'jobs') await benchJobs(process.argv.slice(3));
