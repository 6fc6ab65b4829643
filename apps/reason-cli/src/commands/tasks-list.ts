import { listFamilies } from '@prorl/reasoning';
import type { Argv } from 'yargs';

export function tasksListCommand(y: Argv): Argv {
  return y.command(
    'list',
    'List task families with their domain and levels.',
    (c) => c.option('json', { type: 'boolean', default: false, describe: 'print a JSON array of { family, domain, levels } (default: a text table)' }),
    (args) => {
      const rows = listFamilies();
      if (args.json) {
        process.stdout.write(`${JSON.stringify(rows.map((r) => ({ family: r.family, domain: r.domain, levels: r.levels })))}\n`);
        return;
      }
      const w = Math.max(6, ...rows.map((r) => r.family.length));
      const lines = [`${'family'.padEnd(w)}  ${'domain'.padEnd(11)}  ${'levels'.padEnd(14)}  description`];
      for (const r of rows) {
        lines.push(`${r.family.padEnd(w)}  ${r.domain.padEnd(11)}  ${r.levels.join(',').padEnd(14)}  ${r.description}`);
        lines.push(`${''.padEnd(w)}  ${''.padEnd(11)}  ${''.padEnd(14)}  scoring: ${r.scoringRules}`);
      }
      lines.push(`${rows.length} families`);
      process.stdout.write(`${lines.join('\n')}\n`);
    },
  );
}
