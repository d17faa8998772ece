#!/usr/bin/env node
// Scores the JavaScript filters on the same gold lines and the same perturbed copies as `chatguard eval`,
// puts ChatGuard's own numbers (from its --json reports) beside them, prints Markdown tables and writes
// results.json. Prints ids and numbers only, never message text.
//
// node score.mjs --manifest SETS.tsv --perturbed DIR --out DIR [--seed N]
//   SETS.tsv: one line per set, tab-separated:
//     name  gold.jsonl  chatguard-criterion-args  chatguard-criterion-report.json  chatguard-any-report.json
//   DIR (perturbed): NAME.TECHNIQUE.jsonl as written by `chatguard eval --write-perturbed`.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { FILTERS } from './filters.mjs';
import { metrics, addLine, emptyCounts, round4, fmt } from './metrics.mjs';

// Perturber.Technique order in ChatGuard; file suffix is the lower-case name, report key is recallCamelCase.
export const TECHNIQUES = ['SPACING', 'DOTS', 'LEET', 'HOMOGLYPH', 'ZERO_WIDTH', 'REPEAT', 'MIXED'];
const ID_CAP = 200; // ids of false positives / negatives kept per row in results.json
const fileSuffix = (t) => t.toLowerCase();
const reportKey = (t) => 'recall' + t.split('_').map((p) => p[0] + p.slice(1).toLowerCase()).join('');

function args(argv) {
  const a = {};
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (!k.startsWith('--') || i + 1 >= argv.length) throw new Error(`bad argument ${k}`);
    a[k.slice(2)] = argv[++i];
  }
  for (const k of ['manifest', 'perturbed', 'out']) if (!a[k]) throw new Error(`--${k} is required`);
  return a;
}

function readJsonl(path) {
  const out = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const o = JSON.parse(line);
    if (typeof o.text !== 'string' || typeof o.flag !== 'boolean') throw new Error(`${path}:${i + 1}: needs text and boolean flag`);
    out.push({ id: o.id != null ? String(o.id) : String(i + 1), text: o.text, flag: o.flag });
  });
  return out;
}

// Error messages may quote the input; drop every word of it before recording.
function redact(message, text) {
  let m = String(message ?? '').slice(0, 300);
  for (const w of new Set(text.match(/\p{L}{3,}/gu) ?? [])) m = m.split(w).join('…');
  return m;
}

function runFilter(fn, lines, errors, where) {
  const out = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    try {
      out[i] = fn(lines[i].text) === true;
    } catch (e) {
      out[i] = false; // a crash flags nothing; recorded, not hidden
      errors.push({ where, id: lines[i].id, error: `${e?.name ?? 'Error'}: ${redact(e?.message, lines[i].text)}` });
    }
  }
  return out;
}

function perturbedSummary(clean, byTech) {
  const vals = TECHNIQUES.map((t) => byTech[t]).filter((v) => v !== null && v !== undefined);
  return {
    recallClean: clean,
    ...Object.fromEntries(TECHNIQUES.map((t) => [t.toLowerCase(), byTech[t] ?? null])),
    min: vals.length ? Math.min(...vals) : null,
    mean: vals.length ? vals.reduce((s, v) => s + v, 0) / vals.length : null,
  };
}

function chatguardRow(reportPath, label, gold) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  if (report.files.length !== 1) throw new Error(`${reportPath}: expected one file`);
  const f = report.files[0];
  if (f.n !== gold.length) throw new Error(`${reportPath}: n=${f.n} but gold has ${gold.length} lines`);
  const m = metrics({ tp: f.tp, fp: f.fp, fn: f.fn, tn: f.tn });
  let perturbed = null;
  if (f.perturbed) {
    // The report rounds to 4 decimals; go back to hit counts so every row is computed the same way.
    const n = f.perturbed.flaggedLines;
    if (n !== f.tp + f.fn || Math.abs(f.perturbed.recallClean - m.recall) > 1e-4) {
      throw new Error(`${reportPath}: perturbed.flaggedLines/recallClean disagree with the confusion counts`);
    }
    const byTech = Object.fromEntries(TECHNIQUES.map((t) => [t, Math.round(f.perturbed[reportKey(t)] * n) / n]));
    perturbed = perturbedSummary(m.recall, byTech);
  }
  return { label, flaggedMeans: report.flaggedMeans, rulePackVersion: report.rulePackVersion, ...m, perturbed };
}

function scoreSet(set, perturbedDir) {
  const gold = readJsonl(set.gold);
  const positives = gold.filter((g) => g.flag);
  const perturbed = {};
  for (const t of TECHNIQUES) {
    const p = join(perturbedDir, `${set.name}.${fileSuffix(t)}.jsonl`);
    if (!existsSync(p)) throw new Error(`missing perturbed file ${p}`);
    const lines = readJsonl(p);
    // Same lines in the same order as the flagged gold lines, or the comparison is not like for like.
    if (lines.length !== positives.length || lines.some((l, i) => l.id !== positives[i].id || !l.flag)) {
      throw new Error(`${p}: does not match the flagged lines of ${set.gold}`);
    }
    perturbed[t] = lines;
  }
  const rows = [];
  const criterionLabel = set.criterion ? `ChatGuard (${set.criterion})` : 'ChatGuard (criterion = default)';
  rows.push(chatguardRow(set.cgCriterion, criterionLabel, gold));
  rows.push(chatguardRow(set.cgAny, 'ChatGuard (any)', gold));
  for (const f of FILTERS) {
    const fn = f.make();
    const errors = [];
    const t0 = performance.now();
    const pred = runFilter(fn, gold, errors, 'clean');
    const c = emptyCounts();
    gold.forEach((g, i) => addLine(c, g.flag, pred[i]));
    const m = metrics(c);
    const byTech = {};
    for (const t of TECHNIQUES) {
      const pp = runFilter(fn, perturbed[t], errors, t.toLowerCase());
      byTech[t] = positives.length ? pp.filter(Boolean).length / positives.length : null;
    }
    const ms = Math.round(performance.now() - t0);
    rows.push({
      label: f.name,
      version: f.version,
      ...m,
      perturbed: perturbedSummary(m.recall, byTech),
      falsePositiveIds: gold.filter((g, i) => !g.flag && pred[i]).map((g) => g.id).slice(0, ID_CAP),
      falseNegativeIds: gold.filter((g, i) => g.flag && !pred[i]).map((g) => g.id).slice(0, ID_CAP),
      linesScored: gold.length + TECHNIQUES.length * positives.length,
      ms,
      errors,
    });
  }
  return { name: set.name, gold: set.gold, criterion: set.criterion || '(default: --flag-on any)', n: gold.length, positives: positives.length, rows };
}

function roundDeep(o) {
  if (typeof o === 'number' && !Number.isInteger(o)) return round4(o);
  if (Array.isArray(o)) return o.map(roundDeep);
  if (o && typeof o === 'object') return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, roundDeep(v)]));
  return o;
}

function markdown(res) {
  const L = [];
  const techCols = TECHNIQUES.map((t) => t.toLowerCase());
  for (const s of res.sets) {
    L.push(`### ${s.name}  (n=${s.n}, flagged=${s.positives}; ChatGuard criterion: \`${s.criterion}\`)`, '');
    L.push('| filter | P | R | F1 | FPR | TP | FP | FN | TN | clean R | min pert. R | mean pert. R |');
    L.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of s.rows) {
      const p = r.perturbed ?? {};
      L.push(`| ${r.label} | ${fmt(r.precision)} | ${fmt(r.recall)} | ${fmt(r.f1)} | ${fmt(r.fpr)} | ${r.tp} | ${r.fp} | ${r.fn} | ${r.tn} | ${fmt(p.recallClean)} | ${fmt(p.min)} | ${fmt(p.mean)} |`);
    }
    L.push('');
    L.push(`Recall on the ${s.positives} flagged lines, clean and per evasion technique:`, '');
    L.push(`| filter | clean | ${techCols.join(' | ')} |`);
    L.push(`|---|---|${techCols.map(() => '---').join('|')}|`);
    for (const r of s.rows) {
      const p = r.perturbed ?? {};
      L.push(`| ${r.label} | ${fmt(p.recallClean)} | ${techCols.map((t) => fmt(p[t])).join(' | ')} |`);
    }
    const notes = s.rows
      .filter((r) => r.ms !== undefined)
      .map((r) => `${r.label} ${r.linesScored} lines in ${(r.ms / 1000).toFixed(1)} s${r.errors.length ? `, **${r.errors.length} crashes**` : ''}`);
    L.push('', `JS filter time: ${notes.join('; ')}.`, '');
  }
  // Compact summary across sets.
  const labels = ['ChatGuard (criterion)', 'ChatGuard (any)', ...FILTERS.map((f) => f.name)];
  const pick = (s, i) => s.rows[i];
  L.push('### Summary: F1 (and mean perturbed recall / clean recall)', '');
  L.push(`| set | ${labels.join(' | ')} |`);
  L.push(`|---|${labels.map(() => '---').join('|')}|`);
  for (const s of res.sets) {
    L.push(`| ${s.name} | ${labels.map((_, i) => {
      const r = pick(s, i);
      return `${fmt(r.f1)} (${fmt(r.perturbed?.mean)} / ${fmt(r.perturbed?.recallClean)})`;
    }).join(' | ')} |`);
  }
  L.push('');
  return L.join('\n');
}

export function main(argv) {
  const a = args(argv);
  const sets = readFileSync(a.manifest, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [name, gold, criterion, cgCriterion, cgAny] = l.split('\t');
      return { name, gold, criterion: criterion.trim(), cgCriterion, cgAny };
    });
  const res = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    seed: a.seed ?? null,
    metricsNote: 'null = undefined ratio (zero denominator); F1 = 2TP/(2TP+FP+FN); perturbed recall = flagged perturbed copies / flagged gold lines',
    filters: FILTERS.map(({ name, version, license, config }) => ({ name, version, license, config })),
    sets: [],
  };
  for (const s of sets) {
    process.stderr.write(`scoring ${s.name} ...\n`);
    res.sets.push(scoreSet(s, a.perturbed));
  }
  mkdirSync(a.out, { recursive: true });
  const rounded = roundDeep(res);
  writeFileSync(join(a.out, 'results.json'), JSON.stringify(rounded, null, 2) + '\n');
  const md = markdown(res);
  writeFileSync(join(a.out, 'results.md'), md);
  process.stdout.write(md);
  const crashes = res.sets.flatMap((s) => s.rows.flatMap((r) => (r.errors ?? []).map((e) => ({ set: s.name, filter: r.label, ...e }))));
  if (crashes.length) {
    process.stdout.write(`\n**Filter crashes (counted as not flagged): ${crashes.length}**; ids and errors in results.json\n`);
  }
  process.stdout.write(`\nwrote ${join(a.out, 'results.json')} and results.md\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`score: ${e.message}\n`);
    process.exit(1);
  }
}
