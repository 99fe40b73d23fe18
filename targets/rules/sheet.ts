/**
 * The rule sheet as a document: provenance, the features and what their bits mean, how to read
 * a condition, the named conditions, and the decision procedure (ordered rules or per-class
 * scores), optionally with each rule's support and precision on a data set.
 *
 * Wording of conditions (one input bit or its opposite; `f` is the feature's name):
 *   f > 4.95            f ≤ 4.95            numeric threshold and its opposite
 *   f is "red"          f is not "red"      category
 *   f is true           f is false          boolean
 *   f is missing        f is not missing
 * For a feature that may be missing, the opposite of a value bit is written `… or missing`: a
 * missing cell sets all the feature's value bits to 0, so `f ≤ 4.95 or missing` is exact.
 * Names that are not one plain word are written as JSON strings ("petal length (cm)");
 * categories always are.
 */
import { basename } from 'node:path';
import type { EncoderSpec } from '../../src/data/spec';
import { displayName, jsonString, type BitPredicate } from '../../src/data/predicate';
import type { Plan } from '../core/plan';
import { describeGuarantee, type EmitData, type EmitInput } from '../types';
import { code, note, ref, strong, text, type Block, type Document, type Inline, type ListItem } from './document';
import { procedureEvaluator, type Item, type Line, type Procedure } from './procedure';
import { formatPercent } from '../../src/util/percent';

/** A name as written in the sheet: bare when one plain word, else a JSON string (U+2028/U+2029 escaped too). */
export function sheetName(name: string): string {
  return displayName(name);
}

/** The text of one input bit, or of its opposite. */
export function literalText(p: BitPredicate, negated: boolean, mayBeMissing: boolean): string {
  const f = sheetName(p.feature);
  const orMissing = mayBeMissing ? ' or missing' : '';
  switch (p.op) {
    case '>':
      return negated ? `${f} ≤ ${String(p.value)}${orMissing}` : `${f} > ${String(p.value)}`;
    case '=':
      return negated ? `${f} is not ${jsonString(p.value)}${orMissing}` : `${f} is ${jsonString(p.value)}`;
    case 'is true':
      return negated ? `${f} is false${orMissing}` : `${f} is true`;
    case 'is missing':
      return negated ? `${f} is not missing` : `${f} is missing`;
  }
}

interface Stats {
  readonly support: number;
  readonly correct: number;
}

export function buildDocument(input: EmitInput, plan: Plan, procedure: Procedure): Document {
  const { model, program } = input;
  const encoders: EncoderSpec = model.encoders;
  const predicates = plan.predicates;
  const missingFeatures = new Set(predicates.filter((p) => p.op === 'is missing').map((p) => p.feature));
  for (const f of encoders.features) if (f.missingBit) missingFeatures.add(f.column);
  const className = (c: number): Inline => code(sheetName(program.classes[c]));
  const literal = (bit: number, negated: boolean): Inline =>
    code(literalText(predicates[bit], negated, missingFeatures.has(predicates[bit].feature)));

  const blocks: Block[] = [];
  blocks.push({ kind: 'heading', level: 1, content: [text('Rule sheet for '), code(sheetName(model.name))] });
  blocks.push({
    kind: 'paragraph',
    content: [
      text(
        'This sheet is the complete decision procedure of the model, written out as rules. Applied by hand to a row, it gives exactly the class the model predicts.',
      ),
    ],
  });
  blocks.push({
    kind: 'list',
    ordered: false,
    items: [
      { content: [strong('Model:'), text(' '), code(sheetName(model.name))] },
      { content: [strong('Model file SHA-256:'), text(' '), code(model.sha256)] },
      { content: [strong('Compiled by:'), text(' dbnc '), code(model.dbncVersion)] },
      { content: [strong('Guarantee:'), text(` ${describeGuarantee(input.guarantee)}`)] },
      {
        content: [
          strong('Classes:'),
          text(' '),
          ...joinInlines(program.classes.map((_, c) => [className(c)]), ', '),
          text(' (label column '),
          code(sheetName(encoders.label.column)),
          text(')'),
        ],
      },
    ],
  });

  // ---- features
  const used = new Set(plan.usedInputs);
  blocks.push({ kind: 'heading', level: 2, content: [text('Features')] });
  blocks.push({
    kind: 'paragraph',
    content: [
      text(
        `The model reads ${encoders.features.length} feature${encoders.features.length === 1 ? '' : 's'} as ${predicates.length} yes/no input bit${predicates.length === 1 ? '' : 's'}. Every condition below tests one of these bits or its opposite.`,
      ),
    ],
  });
  const featureNames = [...new Set([...encoders.features.map((f) => f.column), ...predicates.map((p) => p.feature)])];
  blocks.push({
    kind: 'list',
    ordered: false,
    className: 'features',
    items: featureNames.map((name): ListItem => {
      const encoder = encoders.features.find((f) => f.column === name);
      const bits = predicates.map((p, bit) => ({ p, bit })).filter(({ p }) => p.feature === name);
      const kind = encoder?.kind ?? (bits.some(({ p }) => p.op === '>') ? 'numeric' : bits.some(({ p }) => p.op === '=') ? 'categorical' : 'boolean');
      const content: Inline[] = [code(sheetName(name)), text(` (${kind})`)];
      if (bits.length === 0) {
        // Entropy cuts can find no threshold worth a bit (docs/model-format.md): say so, not an empty list.
        content.push(text(': no input bits (no threshold was found for it), so it cannot change the prediction'));
      } else {
        content.push(text(': '), ...joinInlines(bits.map(({ bit }) => [literal(bit, false)]), ', '));
        if (!bits.some(({ bit }) => used.has(bit))) content.push(text(' (not used by the rules)'));
      }
      return { content };
    }),
  });

  // ---- how to read a condition
  const ops = new Set(predicates.map((p) => p.op));
  const reading: ListItem[] = [];
  if (ops.has('>'))
    reading.push({
      content: [
        code('f > t'),
        text(' holds when the number in column f is greater than t; '),
        code('f ≤ t'),
        text(' when it is less than or equal to t. Numbers are decimal numbers.'),
        // JavaScript prints numbers below 1e-6 or from 1e21 with an exponent, as the rules show them.
        ...(predicates.some((p) => p.op === '>' && String(p.value).includes('e'))
          ? [text(' A number written with e is in scientific notation: '), code('5e-7'), text(' is 5 × 10⁻⁷ = 0.0000005.')]
          : []),
      ],
    });
  if (ops.has('='))
    reading.push({
      content: [
        code('f is "c"'),
        text(' holds when column f holds exactly the category c (compared after trimming spaces, tabs and other whitespace at both ends); '),
        code('f is not "c"'),
        text(' when it holds another category.'),
      ],
    });
  if (ops.has('is true'))
    reading.push({
      content: [
        code('f is true'),
        text(' holds when column f is true, yes or 1; '),
        code('f is false'),
        text(' when it is false, no or 0 (letter case does not matter).'),
      ],
    });
  if (missingFeatures.size > 0)
    reading.push({
      content: [
        code('f is missing'),
        text(' holds when the cell is empty, NA, NULL or ? (after trimming whitespace). A condition ending in '),
        code('or missing'),
        text(' also holds for a missing cell; any other condition on f does not hold for a missing cell.'),
      ],
    });
  reading.push({
    content: [
      text('Names that are not a single plain word, and all categories, are written in double quotes (JSON string syntax).'),
    ],
  });
  blocks.push({ kind: 'heading', level: 2, content: [text('Reading a condition')] });
  blocks.push({ kind: 'list', ordered: false, items: reading });

  // ---- the procedure
  const item = (it: Item): Inline[] => {
    switch (it.kind) {
      case 'const':
        return [text(it.value ? 'always' : 'never')];
      case 'literal':
        return [literal(it.bit, it.negated)];
      case 'ref':
        return it.negated ? [text('NOT '), ref(it.name)] : [ref(it.name)];
    }
  };
  const items = (list: readonly Item[], separator: string): Inline[] => joinInlines(list.map(item), separator);
  /** A counted list: a repeated item (adjacent, the items being sorted) is written once with ×n. */
  const counted = (list: readonly Item[]): Inline[] => {
    const groups: { item: Item; times: number }[] = [];
    for (const it of list) {
      const last = groups[groups.length - 1];
      if (last !== undefined && JSON.stringify(last.item) === JSON.stringify(it)) last.times++;
      else groups.push({ item: it, times: 1 });
    }
    return joinInlines(
      groups.map((g) => (g.times === 1 ? item(g.item) : [...item(g.item), text(` ×${g.times}`)])),
      ', ',
    );
  };
  const repeats = (list: readonly Item[]): string => {
    const keys = list.map((it) => JSON.stringify(it));
    return new Set(keys).size < keys.length ? ' (an item marked ×n counts n times)' : '';
  };
  const line = (l: Line): Inline[] => {
    switch (l.kind) {
      case 'and':
        return items(l.items, ' AND ');
      case 'or':
        return items(l.items, ' OR ');
      case 'xor':
        return [text(`an odd number of these ${l.items.length} hold${repeats(l.items)}: `), ...counted(l.items)];
      case 'atLeast':
      case 'exactly': {
        const relation = l.kind === 'atLeast' ? 'at least' : 'exactly';
        if (l.count !== undefined) return [ref(l.count), text(` is ${relation} ${l.k}`)];
        return [text(`${relation} ${l.k} of these ${l.items.length} hold${repeats(l.items)}: `), ...counted(l.items)];
      }
    }
  };
  const countOf = (list: readonly Item[]): Inline[] => [
    text(`the number of these ${list.length} that hold${repeats(list)}: `),
    ...counted(list),
  ];

  // Where each named condition or count is used: "rule 3", "score 2", "C4", "K1".
  const usedBy = new Map<string, string[]>();
  const use = (name: string, user: string): void => {
    const users = usedBy.get(name) ?? [];
    if (!users.includes(user)) users.push(user);
    usedBy.set(name, users);
  };
  const noteUses = (list: readonly Item[], count: string | undefined, user: string): void => {
    if (count !== undefined) use(count, user);
    else for (const it of list) if (it.kind === 'ref') use(it.name, user);
  };
  const noteLine = (l: Line, user: string): void => noteUses(l.items, l.kind === 'atLeast' || l.kind === 'exactly' ? l.count : undefined, user);
  for (const d of procedure.definitions) {
    if (d.kind === 'condition') noteLine(d.line, d.name);
    else noteUses(d.items, undefined, d.name);
  }
  if (procedure.head.kind === 'rules') procedure.head.rules.forEach((r, i) => noteLine(r.line, `rule ${i + 1}`));
  else
    procedure.head.scores.forEach((s, i) => {
      if (s.kind === 'indicator') noteLine(s.line, `score ${i + 1}`);
      if (s.kind === 'count') noteUses(s.items, s.count, `score ${i + 1}`);
    });

  if (procedure.definitions.length > 0) {
    const hasCounts = procedure.definitions.some((d) => d.kind === 'count');
    blocks.push({ kind: 'heading', level: 2, content: [text('Named conditions')] });
    blocks.push({
      kind: 'paragraph',
      content: [
        text(
          'Conditions the model uses in several places, or that are nested inside another condition, are defined once here and referred to by their name (C1, C2, …). A AND B holds when both hold, A OR B when at least one holds, and NOT C1 when C1 does not hold.',
        ),
        ...(hasCounts
          ? [text(' A count (K1, K2, …) is the number of its listed conditions that hold; several checklists or scores use it.')]
          : []),
      ],
    });
    blocks.push({
      kind: 'list',
      ordered: false,
      className: 'conditions',
      items: procedure.definitions.map((d) => {
        const users = usedBy.get(d.name) ?? [];
        const body = d.kind === 'condition' ? line(d.line) : countOf(d.items);
        return {
          id: d.name,
          content: [
            strong(`${d.kind === 'condition' ? 'Condition' : 'Count'} ${d.name}`),
            text(': '),
            ...body,
            ...(users.length > 0 ? [note(` — used in ${users.join(', ')}`)] : []),
          ],
        };
      }),
    });
  }

  const stats = input.options?.data ? statistics(input.options.data, procedure, program.inputs.length, program.classes.length) : null;
  const statsNote = (s: Stats | undefined, verb: string): Inline[] =>
    s === undefined
      ? []
      : [note(` — ${verb} ${s.support}, precision ${s.support === 0 ? 'n/a' : `${percent(s.correct, s.support)} (${s.correct}/${s.support})`}`)];
  const data = input.options?.data;
  const statsIntro = (what: string): Block[] =>
    data && stats
      ? [
          {
            kind: 'paragraph',
            className: 'note',
            content: [
              text(`Measured on ${stats.rows} row${stats.rows === 1 ? '' : 's'} of `),
              code(sheetName(basename(data.table.path))),
              text(`: ${what}; precision = the share of those rows `),
              ...(data.labels
                ? [text('whose true label (column '), code(sheetName(encoders.label.column)), text(') is that class.')]
                : [text('the model predicts as that class (the data have no labels).')]),
              ...(stats.disagreements > 0
                ? [text(` Warning: on ${stats.disagreements} of these rows this sheet and the model's recorded prediction differ.`)]
                : []),
            ],
          },
        ]
      : [];

  const head = procedure.head;
  if (head.kind === 'rules') {
    blocks.push({ kind: 'heading', level: 2, content: [text('Decision rules')] });
    blocks.push({
      kind: 'paragraph',
      content: [
        text(
          head.rules.length > 0
            ? 'Apply the rules in order; the first rule that matches decides (first match wins). If no rule matches, OTHERWISE decides.'
            : 'There are no rules: every row gets the OTHERWISE class.',
        ),
      ],
    });
    blocks.push(...statsIntro('support = the rows a rule decides (the first rule that matches them)'));
    if (head.rules.length > 0)
      blocks.push({
        kind: 'list',
        ordered: true,
        className: 'rules',
        items: head.rules.map((r, i) => ({
          number: i + 1,
          content: [text('IF '), ...line(r.line), text(' THEN '), className(r.classIndex), ...statsNote(stats?.rules[i], 'support')],
        })),
      });
    blocks.push({
      kind: 'paragraph',
      className: 'otherwise',
      content: [text('OTHERWISE '), className(head.otherwise), ...statsNote(stats?.otherwise, 'support')],
    });
  } else {
    blocks.push({ kind: 'heading', level: 2, content: [text('Scoring')] });
    blocks.push({
      kind: 'paragraph',
      content: [
        text(
          'Compute every class’s score as listed. The class with the highest score wins; on a tie, the class listed first (among those tied) wins.',
        ),
      ],
    });
    blocks.push(...statsIntro('support = the rows a class wins'));
    blocks.push({
      kind: 'list',
      ordered: true,
      className: 'scores',
      items: head.scores.map((s, c) => {
        const body: Inline[] =
          s.kind === 'constant'
            ? [text(String(s.value))]
            : s.kind === 'indicator'
              ? [text('1 if this holds, else 0: '), ...line(s.line)]
              : [...(s.offset !== 0 ? [text(`${s.offset} + `)] : []), ...(s.count !== undefined ? [ref(s.count)] : countOf(s.items))];
        return { number: c + 1, content: [className(c), text(': score = '), ...body, ...statsNote(stats?.rules[c], 'support')] };
      }),
    });
  }
  return { title: `Rule sheet for ${model.name}`, blocks };
}

function joinInlines(groups: readonly (readonly Inline[])[], separator: string): Inline[] {
  return groups.flatMap((g, i) => (i === 0 ? [...g] : [text(separator), ...g]));
}

function percent(part: number, whole: number): string {
  return formatPercent(part / whole, 1);
}

/** Per rule (or per class, for scores) and for OTHERWISE: rows decided, and how many rightly. */
function statistics(data: EmitData, procedure: Procedure, width: number, classes: number) {
  const rows = data.predicted.length;
  if (data.bits.length !== rows * width)
    throw new Error(`rules: the data bits hold ${data.bits.length} values, expected ${rows} rows × ${width} inputs`);
  if (data.labels && data.labels.length !== rows) throw new Error(`rules: ${data.labels.length} labels for ${rows} rows`);
  const evaluate = procedureEvaluator(procedure);
  const head = procedure.head;
  const count = head.kind === 'rules' ? head.rules.length : classes;
  const support = new Array<number>(count + 1).fill(0);
  const correct = new Array<number>(count + 1).fill(0);
  let disagreements = 0;
  for (let r = 0; r < rows; r++) {
    const d = evaluate(data.bits, r * width);
    const slot = d.rule < 0 ? count : d.rule;
    support[slot]++;
    const truth = data.labels ? data.labels[r] : data.predicted[r];
    if (truth === d.classIndex) correct[slot]++;
    if (d.classIndex !== data.predicted[r]) disagreements++;
  }
  const at = (i: number): Stats => ({ support: support[i], correct: correct[i] });
  return {
    rows,
    disagreements,
    rules: Array.from({ length: count }, (_, i) => at(i)),
    otherwise: at(count),
  };
}
