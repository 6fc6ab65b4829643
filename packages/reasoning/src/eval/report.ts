/**
 * The Markdown report of an evaluation: families × engines (pass@1 and pass@K at the table's K, plus
 * the boundary regime when base / intermediate / final are given), then domains, then the overall row
 * with format and truncation rates.
 */
import type { GroupMetrics, RegimeEntry } from './metrics.js';
import type { EvalSummary } from './summary.js';

const pct = (x: number | undefined): string => (x === undefined ? '–' : (100 * x).toFixed(1));

function cells(g: GroupMetrics | undefined, k: number): string[] {
  return [pct(g?.pass1), pct(g?.passAtK[String(k)])];
}

function regimeCell(r: RegimeEntry | undefined): string {
  if (!r) return '–';
  return r.regime ?? 'n/a';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function markdownReport(s: EvalSummary): string {
  const K = s.tableK;
  const labels = s.engines.map((e) => e.label);
  const withRegime = s.regimes !== undefined;
  const lines: string[] = [];
  lines.push('# pass@k evaluation', '');
  lines.push(
    `${s.items} items, n = ${s.settings.n} samples each, T = ${s.settings.temperature}, top-p = ${s.settings.topP}, max tokens = ${s.settings.maxTokens}, seed ${s.settings.seed}. ` +
      `pass@1 = mean reward (%); pass@${K} = unbiased estimator on rewards >= ${s.settings.threshold} (%).`,
    '',
  );
  lines.push('Engines: ' + s.engines.map((e) => `\`${escapeCell(e.label)}\` (${escapeCell(e.name)})`).join(', ') + '.', '');
  if (s.regimes) {
    const l = s.regimes.labels;
    lines.push(`Regimes from base = \`${l.base}\`, intermediate = \`${l.intermediate}\`, final = \`${l.final}\`.`, '');
  }

  const header = (first: string[]): string[] => {
    const h = [...first];
    for (const l of labels) h.push(`${escapeCell(l)} pass@1`, `${escapeCell(l)} pass@${K}`);
    if (withRegime) h.push('regime');
    return ['| ' + h.join(' | ') + ' |', '|' + h.map(() => '---').join('|') + '|'];
  };

  lines.push('## Families', '');
  lines.push(...header(['family', 'domain']));
  const first = s.byEngine[labels[0]!]!;
  for (const fam of Object.keys(first.families).sort()) {
    const row = [fam, first.families[fam]!.domain];
    for (const l of labels) row.push(...cells(s.byEngine[l]?.families[fam], K));
    if (withRegime) row.push(regimeCell(s.regimes!.families[fam]));
    lines.push('| ' + row.join(' | ') + ' |');
  }
  lines.push('', '## Domains', '');
  lines.push(...header(['domain']));
  for (const d of Object.keys(first.domains).sort()) {
    const row = [d];
    for (const l of labels) row.push(...cells(s.byEngine[l]?.domains[d], K));
    if (withRegime) row.push(regimeCell(s.regimes!.domains[d]));
    lines.push('| ' + row.join(' | ') + ' |');
  }
  lines.push('', '## Overall', '');
  const kCols = s.kList.map((k) => `pass@${k} (>= ${s.settings.threshold})`);
  lines.push('| engine | items | samples | pass@1 (mean reward) | format | truncated | ' + kCols.join(' | ') + ' |');
  lines.push('|' + ['---', '---', '---', '---', '---', '---', ...kCols.map(() => '---')].join('|') + '|');
  for (const l of labels) {
    const o = s.byEngine[l]!.overall;
    lines.push(`| ${escapeCell(l)} | ${o.items} | ${o.samples} | ${pct(o.pass1)} | ${pct(o.formatRate)} | ${pct(o.truncatedRate)} | ` + s.kList.map((k) => pct(o.passAtK[String(k)])).join(' | ') + ' |');
  }
  if (s.regimes) lines.push('', `Overall regime: ${regimeCell(s.regimes.overall)} (${escapeCell(s.regimes.overall.reason)}).`);
  lines.push('');
  return lines.join('\n');
}
