/**
 * `dbnc report`: the SVG charts (unit), HTML escaping, and the real page end to end — the real
 * CLI writes it, headless Chromium renders it, and what it shows must equal what `dbnc eval`,
 * `dbnc inspect` and `dbnc compile --target rules` say about the same model and rows.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { evaluateModelOnData } from '../../src/cli/eval_command';
import { inspectModel } from '../../src/cli/inspect_command';
import { generateParts, partsCsv } from '../../src/demo/parts';
import { classificationMetrics } from '../../src/model/evaluate';
import { loadModel } from '../../src/model/load';
import type { EpochRecord } from '../../src/model/format';
import { confusionTable, trainingCharts } from '../../src/report/report';
import { CHART_HEIGHT, CHART_WIDTH, lineChart, niceTicks } from '../../src/report/svg_chart';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { assertOneLineError, dbnc, runCli } from '../helpers/cli';
import { markdownInlineText } from '../helpers/rule_sheet_reader';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures');
const IRIS_DATA = join(ROOT, '../shared/data/BinaryIrisData.txt');
const dir = mkdtempSync(join(tmpdir(), 'dbnc-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = '<script>alert(1)</script>';

// ---------------------------------------------------------------- charts (unit)

/** Every (x, y) pair of each `<path class="series">` of an SVG string, by series name. */
function seriesPoints(svg: string): Map<string, Array<[number, number]>> {
  const out = new Map<string, Array<[number, number]>>();
  for (const m of svg.matchAll(/<path class="series" data-series="([^"]*)" d="([^"]*)"/g)) {
    const points = [...m[2].matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((p) => [Number(p[1]), Number(p[2])] as [number, number]);
    out.set(m[1], points);
  }
  return out;
}

function history(epochs: number, withTest: boolean): EpochRecord[] {
  return Array.from({ length: epochs }, (_, i) => ({
    epoch: i + 1,
    loss: 1.4 / (i + 1) + 0.05,
    trainAccuracy: Math.min(1, 0.4 + 0.05 * i),
    testAccuracy: withTest ? Math.min(1, 0.35 + 0.05 * i) : null,
  }));
}

describe('report charts', () => {
  test('one path per series, one point per epoch, every point inside the viewBox', () => {
    const { loss, accuracy } = trainingCharts(history(17, true));
    const lossSeries = seriesPoints(loss);
    const accuracySeries = seriesPoints(accuracy);
    assert.deepEqual([...lossSeries.keys()], ['loss']);
    assert.deepEqual([...accuracySeries.keys()], ['train', 'test']);
    for (const [name, points] of [...lossSeries, ...accuracySeries]) {
      assert.equal(points.length, 17, name);
      for (const [x, y] of points) {
        assert.ok(x >= 0 && x <= CHART_WIDTH && y >= 0 && y <= CHART_HEIGHT, `${name}: (${x}, ${y}) outside the viewBox`);
      }
      // x grows with the epoch.
      assert.ok(points.every(([x], i) => i === 0 || x > points[i - 1][0]), name);
    }
    assert.match(accuracy, new RegExp(`viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}"`));
    // Higher loss is drawn higher up (smaller y): the first epoch has the largest loss.
    const lossPoints = lossSeries.get('loss') ?? [];
    assert.equal(Math.min(...lossPoints.map(([, y]) => y)), lossPoints[0][1]);
    // The legend names each series; the axes have titles.
    for (const label of ['>loss<', '>train<', '>test<', '>epoch<', '>accuracy<']) assert.ok((loss + accuracy).includes(label), label);
  });

  test('no test split: the accuracy chart has the train series only', () => {
    const { accuracy } = trainingCharts(history(5, false));
    assert.deepEqual([...seriesPoints(accuracy).keys()], ['train']);
    assert.ok(!accuracy.includes('>test<'));
  });

  test('a missing value breaks the line; a lone point gets a dot', () => {
    const svg = lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      series: [{ name: 's', color: '#000', points: [[1, 0.5], [2, 0.6], [3, null], [4, 0.2], [5, null], [6, 0.9], [7, 1]] }],
    });
    const d = /class="series"[^>]* d="([^"]*)"/.exec(svg)?.[1] ?? '';
    assert.equal((d.match(/M/g) ?? []).length, 3);
    assert.equal((d.match(/[ML]/g) ?? []).length, 5);
    assert.equal((svg.match(/<circle /g) ?? []).length, 1);
  });

  test('ticks are round numbers covering the data', () => {
    assert.deepEqual(niceTicks(0.31, 1.27).ticks, [0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4]);
    assert.deepEqual(niceTicks(0, 1).ticks, [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(1, 200, 6, true).ticks, [0, 50, 100, 150, 200]);
    assert.deepEqual(niceTicks(1, 1, 6, true).domain, [0, 2]);
  });
});

describe('report escaping', () => {
  test('a hostile class label in the confusion matrix is text, not markup', () => {
    const metrics = classificationMetrics([HOSTILE, 'a & "b"'], [0, 1, 1], [0, 1, 0]);
    const table = confusionTable(metrics);
    assert.ok(!table.includes('<script'));
    assert.ok(table.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(table.includes('a &amp; &quot;b&quot;'));
  });
});

// ---------------------------------------------------------------- the page in a browser

interface ReportCase {
  readonly model: string;
  readonly data: string;
  readonly rows: number;
  readonly classes: number;
}

/** Runs the real CLI and checks the page in Chromium against eval, inspect and compile. */
async function checkReport(browser: TestBrowser, c: ReportCase, output: string): Promise<void> {
  const [run, compiled] = await Promise.all([
    runCli(['report', c.model, '--data', c.data, '-o', output]),
    runCli(['compile', c.model, '--target', 'rules', '--data', c.data, '--quiet']),
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^dbnc: evaluate…$/m);
  assert.match(run.stderr, /^dbnc: wrote .*report.*\.html \(accuracy [\d.]+% on \d+ rows, \d+ rules \+ OTHERWISE, (exhaustive|sat|tested)\)$/m);

  // What `dbnc eval --json` and `dbnc inspect --json` print, computed by their own functions.
  const evalJson = evaluateModelOnData(c.model, c.data);
  const bytes = inspectModel(loadModel(c.model)).weights.bytes;
  assert.equal(compiled.code, 0, compiled.stderr);
  const ruleLines = compiled.stdout.split('\n').filter((l) => /^\d+\. IF /.test(l));
  assert.ok(ruleLines.length > 0, 'the compiled sheet has rules');
  const guarantee = /^- \*\*Guarantee:\*\* (.+)$/m.exec(compiled.stdout)?.[1];
  assert.ok(guarantee);

  await browser.withPage(output, async ({ page, url, consoleErrors, pageErrors, dialogs, requests, failedRequests }) => {
    // Self-contained: nothing but the file itself is requested, and nothing goes wrong.
    assert.deepEqual(requests, [url]);
    assert.deepEqual(failedRequests, []);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(dialogs, []);

    // Two charts with a rendered size: loss (one series), accuracy (train and test).
    const charts = page.locator('#training svg.chart');
    assert.equal(await charts.count(), 2);
    for (let i = 0; i < 2; i++) {
      const box = await charts.nth(i).boundingBox();
      assert.ok(box && box.width > 100 && box.height > 50, `chart ${i} has a rendered size: ${JSON.stringify(box)}`);
    }
    assert.equal(await charts.nth(0).locator('path.series').count(), 1);
    assert.equal(await charts.nth(1).locator('path.series').count(), 2);

    // The confusion matrix: classes × classes counts summing to the rows, equal to eval's.
    const cells = page.locator('table.confusion td.count');
    assert.equal(await cells.count(), c.classes * c.classes);
    const counts = (await cells.allTextContents()).map(Number);
    assert.equal(counts.reduce((sum, n) => sum + n, 0), c.rows);
    assert.equal(evalJson.rows, c.rows);
    assert.deepEqual(counts, evalJson.confusion.flat());
    assert.ok(await page.locator('table.confusion').isVisible());
    const accuracyRow = await page.locator('#evaluation table.facts tr', { hasText: 'Accuracy' }).textContent();
    assert.ok(accuracyRow?.includes(`${(100 * evalJson.accuracy).toFixed(2)}%`), accuracyRow ?? '');
    assert.match((await page.locator('#evaluation').textContent()) ?? '', /Hardening fidelity100\.00%/);

    // The rule sheet: as many rules as `dbnc compile --target rules`, the first one shown as it words it.
    const rules = page.locator('#rule-sheet ol.rules > li');
    assert.equal(await rules.count(), ruleLines.length);
    assert.ok(await rules.first().isVisible());
    assert.equal((await rules.first().textContent())?.trim(), markdownInlineText(ruleLines[0].replace(/^1\. /, '')));
    assert.equal(Number(await page.locator('.rule-count').textContent()), ruleLines.length);
    assert.ok(await page.locator('#rule-sheet p.otherwise').isVisible());

    // Sizes and guarantee, as inspect and compile state them.
    assert.equal(await page.locator('.guarantee-detail').textContent(), guarantee);
    assert.ok(await page.locator('.guarantee-detail').isVisible());
    assert.equal(await page.locator('.weight-bytes').textContent(), bytes.toLocaleString('en-US'));
  });
}

describe('dbnc report in a browser', () => {
  // One Chromium for the three pages, started by the first test that needs it; when it cannot
  // start (not installed), every test here fails with launchBrowser's message.
  let launched: Promise<TestBrowser> | undefined;
  const browser = (): Promise<TestBrowser> => (launched ??= launchBrowser());
  after(async () => {
    await (await launched?.catch(() => undefined))?.close();
  });

  test('parts fixture on generated parts rows (numeric, categorical, boolean features)', async () => {
    const data = join(dir, 'parts.csv');
    writeFileSync(data, partsCsv(generateParts(400, { seed: 7 })));
    await checkReport(await browser(), { model: join(FIXTURES, 'parts.model.json'), data, rows: 400, classes: 3 }, join(dir, 'parts-report.html'));
  });

  test('binary-iris fixture on the Binary Iris bit matrix', async () => {
    await checkReport(await browser(), { model: join(FIXTURES, 'binary-iris.model.json'), data: IRIS_DATA, rows: 150, classes: 3 }, join(dir, 'iris-report.html'));
  });

  test('without --data, with hostile names and no history: stored metrics, everything shown as text', async () => {
    const model = JSON.parse(readFileSync(join(FIXTURES, 'parts.model.json'), 'utf8')) as {
      name: string;
      history: unknown[];
      encoders: { features: Array<{ column: string }>; label: { classes: string[] } };
      provenance: { dataFile: string };
    };
    model.name = '</title><script>alert(2)</script>';
    model.history = [];
    model.encoders.label.classes[2] = HOSTILE;
    model.encoders.features[0].column = '"><img src=x onerror=alert(3)>';
    model.provenance.dataFile = '<img src=y>';
    const file = join(dir, 'hostile.model.json');
    writeFileSync(file, JSON.stringify(model));
    const output = join(dir, 'hostile-report.html');
    const run = await runCli(['report', file, '-o', output, '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const text = readFileSync(output, 'utf8');
    assert.ok(!/<script|<img/i.test(text), 'no user string becomes markup');

    await (await browser()).withPage(output, async ({ page, url, consoleErrors, pageErrors, dialogs, requests, failedRequests }) => {
      assert.deepEqual(requests, [url]);
      assert.deepEqual(failedRequests, []);
      assert.deepEqual([...consoleErrors, ...pageErrors, ...dialogs], []);
      assert.equal(await page.title(), `dbnc report: ${model.name}`);
      assert.equal(await page.locator('script, img').count(), 0);
      const body = (await page.locator('body').textContent()) ?? '';
      for (const s of [model.name, HOSTILE, model.encoders.features[0].column, model.provenance.dataFile]) assert.ok(body.includes(s), s);
      // No data: no confusion matrix, and a sentence saying why; the stored metrics instead.
      assert.equal(await page.locator('table.confusion').count(), 0);
      assert.match(await page.locator('#evaluation p.empty').innerText(), /No data file was given/);
      assert.equal(await page.locator('table.stored-metrics tbody tr').count(), 2);
      // No history: a sentence instead of charts.
      assert.equal(await page.locator('svg.chart').count(), 0);
      assert.match(await page.locator('#training p.empty').innerText(), /no training history/);
      assert.ok((await page.locator('#rule-sheet ol.rules > li').count()) > 0);
    });
  });
});

describe('dbnc report errors', () => {
  test('a missing model file: one line, exit 2, no report', () => {
    const output = join(dir, 'missing.html');
    const run = dbnc('report', join(dir, 'no-such.model.json'), '-o', output);
    assertOneLineError(run, /no-such\.model\.json.*no such file/);
    assert.ok(!existsSync(output));
  });

  test('-o naming the data file (or the model file): refused, one line, exit 2, inputs untouched', () => {
    const data = join(dir, 'keep.csv');
    const csv = partsCsv(generateParts(20, { seed: 3 }));
    writeFileSync(data, csv);
    const before = readdirSync(dir).sort();
    const run = dbnc('report', join(FIXTURES, 'parts.model.json'), '--data', data, '-o', data);
    assertOneLineError(run, /-o .*keep\.csv: refusing to overwrite the data file/);
    assert.equal(readFileSync(data, 'utf8'), csv);
    const model = join(FIXTURES, 'parts.model.json');
    const modelText = readFileSync(model, 'utf8');
    assertOneLineError(dbnc('report', model, '-o', model), /refusing to overwrite the model file/);
    assert.equal(readFileSync(model, 'utf8'), modelText);
    assert.deepEqual(readdirSync(dir).sort(), before, 'no file written');
  });
});
