#!/usr/bin/env node
// dbnc is written in TypeScript and runs through tsx's loader, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
