import { buildProgram } from '../dist/cli/main.js';
import { registerConstants } from '../dist/cli/commands/constants.js';
import { takeStatus } from '../dist/cli/act.js';
const program = buildProgram();
registerConstants(program);
for (const c of program.commands) c.exitOverride();
try { await program.parseAsync(process.argv); process.exitCode = takeStatus() ?? 0; } catch (e) { console.error('ERR', e.code ?? '', e.message); process.exitCode = e.exitCode ?? 70; }
