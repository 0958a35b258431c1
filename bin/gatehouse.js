#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript run directly by Node 24 (type stripping).
import '../src/main.ts';
