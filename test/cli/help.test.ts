/**
 * `dbnc --help` and every command's `--help` (issue 6): each lists examples, and every option
 * it shows carries a description — an option added without one fails here.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMMANDS = ['train', 'eval', 'predict', 'inspect', 'compile', 'verify', 'report', 'demo', 'ops'];

async function help(command: string | undefined): Promise<string> {
  const args = command === undefined ? ['--help'] : [command, '--help'];
  const { stdout } = await promisify(execFile)(process.execPath, ['bin/dbnc.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  return stdout;
}

/** The option lines of a help text: `  -o, --output  description  [string]`. */
function optionLines(text: string): string[] {
  const options = text.slice(text.indexOf('Options:'), text.includes('Examples:') ? text.indexOf('Examples:') : undefined);
  return options.split('\n').filter((line) => /^\s+(-\w, )?--[\w-]+/.test(line));
}

describe('dbnc --help', () => {
  test('the top level lists every command, examples and the exit codes', async () => {
    const text = await help(undefined);
    for (const command of COMMANDS) assert.match(text, new RegExp(`dbnc ${command}\\b`), command);
    assert.match(text, /Examples:/);
    assert.match(text, /Exit codes: 0 success; 2 bad input/);
  });

  test('every command: examples, and a description for every option', async () => {
    const texts = await Promise.all(COMMANDS.map((command) => help(command)));
    texts.forEach((text, i) => {
      const command = COMMANDS[i];
      assert.match(text, /Examples:\n\s+dbnc /, `${command}: no examples`);
      const lines = optionLines(text);
      assert.ok(lines.length >= 2, `${command}: no options found`);
      for (const line of lines) {
        const description = line
          .replace(/^\s+(-\w, )?--[\w-]+/, '')
          .replace(/\[[^\]]*\]/g, '')
          .trim();
        assert.ok(/[a-z]{3}/i.test(description), `${command}: option without a description: ${line.trim()}`);
      }
    });
  });
});
