#!/usr/bin/env node
// The installed `ferrymq` command: runs the compiled entry point (npm run build writes dist/).
import '../dist/main.js';
