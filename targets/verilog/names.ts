/**
 * Verilog names: every identifier the Verilog target prints comes from here, so ports, wires and
 * the module name are always legal, never keywords, and unique.
 *
 * Sanitized names match /^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*_?$/: letters, digits and single
 * underscores, never a leading underscore, never two underscores in a row. Other generators
 * (the reference rendering, testbenches) can therefore pick internal names containing `__`
 * without any chance of a clash. Uniqueness is checked case-insensitively, so the names also
 * survive tools and file systems that fold case.
 */
import type { BitPredicate } from '../../src/data/predicate';
import { escapeInvisible } from '../../src/util/visible_text';

/** Keywords of Verilog-2005 and SystemVerilog-2017 (IEEE 1800 Annex B): never used as names. */
export const VERILOG_KEYWORDS: ReadonlySet<string> = new Set(
  `accept_on alias always always_comb always_ff always_latch and assert assign assume automatic before begin bind bins
binsof bit break buf bufif0 bufif1 byte case casex casez cell chandle checker class clocking cmos config const
constraint context continue cover covergroup coverpoint cross deassign default defparam design disable dist do edge
else end endcase endchecker endclass endclocking endconfig endfunction endgenerate endgroup endinterface endmodule
endpackage endprimitive endprogram endproperty endspecify endsequence endtable endtask enum event eventually expect
export extends extern final first_match for force foreach forever fork forkjoin function generate genvar global
highz0 highz1 if iff ifnone ignore_bins illegal_bins implements implies import incdir include initial inout input
inside instance int integer interconnect interface intersect join join_any join_none large let liblist library local
localparam logic longint macromodule matches medium modport module nand negedge nettype new nexttime nmos nor
noshowcancelled not notif0 notif1 null or output package packed parameter pmos posedge primitive priority program
property protected pull0 pull1 pulldown pullup pulsestyle_ondetect pulsestyle_onevent pure rand randc randcase
randsequence rcmos real realtime ref reg reject_on release repeat restrict return rnmos rpmos rtran rtranif0 rtranif1
s_always s_eventually s_nexttime s_until s_until_with scalared sequence shortint shortreal showcancelled signed small
soft solve specify specparam static string strong strong0 strong1 struct super supply0 supply1 sync_accept_on
sync_reject_on table tagged task this throughout time timeprecision timeunit tran tranif0 tranif1 tri tri0 tri1 triand
trior trireg type typedef union unique unique0 unsigned until until_with untyped use uwire var vectored virtual void
wait wait_order wand weak weak0 weak1 while wildcard wire with within wor xnor xor`.split(/\s+/),
);

/** Longest sanitized base name (before a `_2` suffix); long category values are cut here. */
const MAX_BASE = 60;

/**
 * A legal Verilog identifier for arbitrary text: accents dropped, every run of other characters
 * one underscore, no leading/trailing underscores, `prefix_` before a leading digit, keywords
 * get a trailing underscore (`module` → `module_`). Empty results become `fallback`.
 */
export function sanitizeIdentifier(text: string, fallback = 'x', prefix = 'n'): string {
  let s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (s.length > MAX_BASE) s = s.slice(0, MAX_BASE).replace(/_+$/, '');
  if (s === '') s = fallback;
  if (/^[0-9]/.test(s)) s = `${prefix}_${s}`;
  if (VERILOG_KEYWORDS.has(s.toLowerCase())) s = `${s}_`;
  return s;
}

/** Hands out unique names: the first `base` as is, then `base_2`, `base_3`, … */
export class NameAllocator {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.used.add(name.toLowerCase());
  }

  /** True when `name` (case-insensitively) is already handed out or reserved. */
  has(name: string): boolean {
    return this.used.has(name.toLowerCase());
  }

  /** A fresh name from `base`, which must already be a sanitized identifier. */
  take(base: string): string {
    let name = base;
    for (let k = 2; this.has(name); k++) name = base.endsWith('_') ? `${base}${k}` : `${base}_${k}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

/** `4.95` → `4_95`, `-1.5` → `neg1_5`, `1e-7` → `1e_7`. */
function numberText(value: number): string {
  const text = String(Math.abs(value)).replace(/[^A-Za-z0-9]+/g, '_');
  return value < 0 ? `neg${text}` : text;
}

/** The port name an input bit asks for: `petal_length_gt_4_95`, `color_eq_red`, `x3`, `age_missing`. */
export function predicatePortBase(p: BitPredicate): string {
  switch (p.op) {
    case '>':
      return sanitizeIdentifier(`${p.feature}_gt_${numberText(p.value)}`, 'in', 'in');
    case '=':
      return sanitizeIdentifier(`${p.feature}_eq_${p.value}`, 'in', 'in');
    case 'is true':
      return sanitizeIdentifier(p.feature, 'in', 'in');
    case 'is missing':
      return sanitizeIdentifier(`${p.feature}_missing`, 'in', 'in');
  }
}

/** The ports of an emitted module (and of the reference rendering, which must match). */
export interface VerilogPorts {
  readonly module: string;
  /** One per input bit, in bit order. */
  readonly inputs: readonly string[];
  /** `is_<class>`, one per class, in class order. */
  readonly onehot: readonly string[];
  /** The `[W-1:0] class_index` output. */
  readonly classIndex: string;
}

export const CLASS_INDEX_PORT = 'class_index';

/**
 * Module and port names for a model: `class_index` first, then the `is_<class>` outputs, then
 * the inputs in bit order (collisions get `_2`, `_3`, …).
 */
export function verilogPorts(modelName: string, predicates: readonly BitPredicate[], classes: readonly string[]): VerilogPorts {
  const names = new NameAllocator();
  const classIndex = names.take(CLASS_INDEX_PORT);
  const onehot = classes.map((c) => names.take(sanitizeIdentifier(`is_${c}`, 'is_class')));
  const inputs = predicates.map((p) => names.take(predicatePortBase(p)));
  return { module: sanitizeIdentifier(modelName, 'dbnc_model', 'm'), inputs, onehot, classIndex };
}

/** Bits needed to write the unsigned integer `n` (at least 1). */
export function bitsFor(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`verilog: cannot size the integer ${n}`);
  let bits = 1;
  while (2 ** bits <= n) bits++;
  return bits;
}

/**
 * Text safe inside a `//` comment: line breaks and tabs written `\n`, `\r`, `\t`, other
 * controls, invisible and text-reordering characters `\uXXXX` (src/util/visible_text.ts).
 */
export function commentText(text: string): string {
  const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return escapeInvisible(text.replace(/[\n\r\t]/g, (c) => escapes[c]));
}
