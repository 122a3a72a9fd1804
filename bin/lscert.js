#!/usr/bin/env node
import { runCli } from '../dist/cli/entry.js';
runCli(process.argv);
