#!/usr/bin/env node
// `npx osms-ops <command>` (package.json "bin"): the ops CLI in ops/cli.ts, run in this process through tsx's loader,
// so stdout carries the command's JSON document alone — no npm banner, nothing else.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
