#!/usr/bin/env -S node --initial-old-space-size=64
// The installed `ferrymq` command: runs the compiled entry point (npm run build writes dist/).
import '../dist/main.js';
