import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  checkCover,
  cubeCovers,
  formatPla,
  parseCover,
  validateProblem,
  type EspressoProblem,
} from '../../compiler/minimize/espresso/problem';
import { EspressoService, type EspressoOutcome } from '../../compiler/minimize/espresso/service';
import { rng } from '../helpers/random';

/** The minterm as a cube string: character i is bit i. */
function mintermCube(m: number, inputs: number): string {
  let s = '';
  for (let i = 0; i < inputs; i++) s += (m >> i) & 1 ? '1' : '0';
  return s;
}

function randomProblem(inputs: number, pOn: number, pDc: number, next: () => number): EspressoProblem {
  const on: string[] = [];
  const dc: string[] = [];
  for (let m = 0; m < 2 ** inputs; m++) {
    const r = next();
    if (r < pOn) on.push(mintermCube(m, inputs));
    else if (r < pOn + pDc) dc.push(mintermCube(m, inputs));
  }
  return { inputs, on, dc };
}

function literals(cubes: readonly string[]): number {
  return cubes.reduce((n, c) => n + c.replaceAll('-', '').length, 0);
}

function okCubes(outcome: EspressoOutcome): string[] {
  assert.equal(outcome.status, 'ok', JSON.stringify(outcome));
  return outcome.status === 'ok' ? outcome.cubes : [];
}

function failure(outcome: EspressoOutcome): string {
  assert.equal(outcome.status, 'fallback', JSON.stringify(outcome));
  return outcome.status === 'fallback' ? outcome.reason : '';
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const XOR: EspressoProblem = { inputs: 2, on: ['10', '01'], dc: [] };

async function assertXorWorks(service: EspressoService): Promise<void> {
  const cubes = okCubes(await service.minimize(XOR));
  assert.deepEqual([...cubes].sort(), ['01', '10']);
}

describe('espresso problem helpers', () => {
  test('variable i is character i and bit i of the minterm', () => {
    assert.equal(cubeCovers('10-', 0b001), true);
    assert.equal(cubeCovers('10-', 0b101), true);
    assert.equal(cubeCovers('10-', 0b100 + 0b010), false);
    assert.equal(cubeCovers('10-', 0b000), false);
    assert.equal(cubeCovers('', 0), true);
  });

  test('formatPla writes an fd-type PLA', () => {
    assert.deepEqual(formatPla({ inputs: 3, on: ['1-0'], dc: ['011'] }), [
      '.i 3',
      '.o 1',
      '.type fd',
      '1-0 1',
      '011 -',
      '.e',
    ]);
  });

  test('parseCover is strict', () => {
    assert.deepEqual(parseCover(['10- 1', '--1 1'], 3), ['10-', '--1']);
    assert.deepEqual(parseCover([' 1'], 0), ['']);
    assert.throws(() => parseCover(['10 1'], 3));
    assert.throws(() => parseCover(['1?- 1'], 3));
    assert.throws(() => parseCover(['10- 0'], 3));
    assert.throws(() => parseCover(['10- 1 1'], 3));
  });

  test('validateProblem and checkCover', () => {
    const limits = { maxInputs: 4, maxCubes: 3 };
    assert.equal(validateProblem({ inputs: 2, on: ['1-'], dc: [] }, limits), null);
    assert.match(validateProblem({ inputs: 2, on: ['1x'], dc: [] }, limits) ?? '', /invalid character/);
    assert.match(validateProblem({ inputs: 2, on: ['1'], dc: [] }, limits) ?? '', /length/);
    assert.match(validateProblem({ inputs: 5, on: [], dc: [] }, limits) ?? '', /limit/);
    assert.match(validateProblem({ inputs: 1.5, on: [], dc: [] }, limits) ?? '', /integer/);
    assert.equal(checkCover(XOR, ['10', '01']), true);
    assert.equal(checkCover(XOR, ['1-', '01']), false); // covers 11, which is OFF
    assert.equal(checkCover(XOR, ['10']), false); // misses 01
    assert.equal(checkCover({ inputs: 2, on: ['10', '01'], dc: ['11'] }, ['1-', '-1']), true);
  });
});

describe('EspressoService', () => {
  const service = new EspressoService();
  after(() => service.close());

  test('XOR of 2 variables: 2 cubes, 4 literals', async () => {
    const cubes = okCubes(await service.minimize(XOR));
    assert.equal(cubes.length, 2);
    assert.equal(literals(cubes), 4);
    assert.equal(checkCover(XOR, cubes), true);
  });

  test("don't-cares make the cover smaller", async () => {
    // ON = 3 of the 4 minterms of x0·x1 (over 4 inputs); the 4th is don't-care in the second run.
    const on = ['1100', '1110', '1101'];
    const without = okCubes(await service.minimize({ inputs: 4, on, dc: [] }));
    assert.equal(without.length, 2);
    assert.equal(literals(without), 6);
    const withDc = okCubes(await service.minimize({ inputs: 4, on, dc: ['1111'] }));
    assert.deepEqual(withDc, ['11--']);
  });

  test('empty ON-set needs no child', async () => {
    const fresh = new EspressoService();
    assert.deepEqual(okCubes(await fresh.minimize({ inputs: 3, on: [], dc: ['1-1'] })), []);
    assert.equal(fresh.childPid, undefined);
    await fresh.close();
  });

  test('tautology gives one all-dash cube', async () => {
    const on = Array.from({ length: 8 }, (_, m) => mintermCube(m, 3));
    assert.deepEqual(okCubes(await service.minimize({ inputs: 3, on, dc: [] })), ['---']);
  });

  test('random 6-input functions with random dc sets', async () => {
    const next = rng(0xdb0c);
    for (let k = 0; k < 40; k++) {
      const p = randomProblem(6, 0.2 + 0.4 * next(), 0.3 * next(), next);
      const cubes = okCubes(await service.minimize(p));
      assert.equal(checkCover(p, cubes), true, `case ${k}`);
      assert.ok(cubes.length <= Math.max(p.on.length, 1), `case ${k}`);
    }
  });

  test('malformed PLA that makes espresso exit() is reported as crashed, and the service recovers', async () => {
    const pidBefore = service.childPid;
    // fscanf("%d") fails on ".i x" and espresso calls fatal() → exit(1).
    const bad = await service.minimizeRawPla(['.i x', '.o 1', '01 1', '.e'], 2);
    assert.equal(failure(bad), 'crashed');
    assert.match(bad.status === 'fallback' ? bad.message : '', /code 1.*error reading \.i/);
    if (pidBefore !== undefined) assert.equal(pidAlive(pidBefore), false);
    // ".o" before ".i" is another fatal() path.
    assert.equal(failure(await service.minimizeRawPla(['.o 1', '.i 2', '01 1', '.e'], 2)), 'crashed');
    // Wrong-length cubes and garbage are skipped with a warning, not fatal; they must not poison
    // the next request either (the child is replaced after raw input).
    await service.minimizeRawPla(['.i 2', '.o 1', '011 1', '.e'], 2);
    await service.minimizeRawPla(['garbage tokens', 'more garbage'], 2);
    await assertXorWorks(service);
  });

  test('an empty PLA run does not leave a stale width behind', async () => {
    // Espresso keeps the cube width when no cube was read; a reused child would then read the
    // next 3-input problem as 2-input. The service must replace the child after such a run.
    assert.deepEqual(okCubes(await service.minimizeRawPla(['.i 2', '.o 1', '.type fd', '.e'], 2)), []);
    const p: EspressoProblem = { inputs: 3, on: ['011'], dc: [] };
    assert.deepEqual(okCubes(await service.minimize(p)), ['011']);
  });

  test('a hard problem times out quickly and the service recovers', async () => {
    // A random 16-input function (~32k ON minterms) takes Espresso many seconds.
    const hard = randomProblem(16, 0.5, 0, rng(7));
    const t0 = performance.now();
    const outcome = await service.minimize(hard, { timeoutMs: 200 });
    const took = performance.now() - t0;
    assert.equal(failure(outcome), 'timeout');
    assert.ok(took < 5_000, `took ${took} ms`);
    await assertXorWorks(service);
  });

  test('oversized and invalid problems are refused without a child', async () => {
    const small = new EspressoService({ maxCubes: 4 });
    assert.equal(failure(await small.minimize({ inputs: 25, on: ['x'], dc: [] })), 'too-large');
    const five = ['000', '001', '010', '011', '100'];
    assert.equal(failure(await small.minimize({ inputs: 3, on: five, dc: [] })), 'too-large');
    assert.equal(failure(await small.minimize({ inputs: 2, on: ['1x'], dc: [] })), 'invalid');
    assert.equal(failure(await small.minimize({ inputs: 2, on: ['10'], dc: ['1'] })), 'invalid');
    assert.equal(small.childPid, undefined);
    await small.close();
  });

  test('10 concurrent requests all resolve correctly', async () => {
    const next = rng(42);
    const problems = Array.from({ length: 10 }, () => randomProblem(5, 0.5, 0.2, next));
    const outcomes = await Promise.all(problems.map((p) => service.minimize(p)));
    outcomes.forEach((o, k) => assert.equal(checkCover(problems[k], okCubes(o)), true, `request ${k}`));
  });

  test('close() kills the child and is idempotent', async () => {
    const own = new EspressoService();
    await assertXorWorks(own);
    const pid = own.childPid;
    assert.ok(pid !== undefined && pidAlive(pid));
    await own.close();
    assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
    await own.close();
    assert.equal(failure(await own.minimize(XOR)), 'error');
  });

  test('an idle child does not keep the parent alive, and dies with it', async () => {
    const serviceUrl = new URL('../../compiler/minimize/espresso/service.ts', import.meta.url).href;
    const script = [
      `const { EspressoService } = await import(${JSON.stringify(serviceUrl)});`,
      'const s = new EspressoService();',
      "const o = await s.minimize({ inputs: 2, on: ['10', '01'], dc: [] });",
      'console.log(JSON.stringify({ status: o.status, pid: s.childPid }));',
    ].join('\n');
    const run = promisify(execFile);
    // execFile's timeout turns a hang into a failure instead of a stuck test.
    const args = ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script];
    const { stdout } = await run(process.execPath, args, { timeout: 15_000 });
    const { status, pid } = JSON.parse(stdout) as { status: string; pid: number };
    assert.equal(status, 'ok');
    // The orphaned child exits when its IPC channel closes.
    for (let i = 0; i < 50 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(pidAlive(pid), false);
  });
});
