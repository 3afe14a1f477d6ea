#!/usr/bin/env node
// The `pingate` administration command (`npx pingate --help`). Needs Node 24 (type stripping):
// npx puts node_modules/.bin, which holds it, first on PATH. See docs/cli.md.
import module from 'node:module';

// Compiled modules are cached on disk (Node's compile cache), so a command starts in a fraction of
// the time after the first run.
module.enableCompileCache?.();
const { main } = await import('../src/cli/main.ts');

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
// Exit explicitly: a database driver or stdin left open must not keep the command alive.
process.exit(code);
