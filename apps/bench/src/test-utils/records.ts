/** A fixed suite record for report tests. */
import type { SuiteRecord } from '../report/types.js';

export function sampleRecord(over: Partial<SuiteRecord> = {}): SuiteRecord {
  return {
    schema: 'prorl-bench/suite@1',
    suite: 'demo',
    preset: 'smoke',
    timestamp: '2026-11-26T23:00:00.000Z',
    durationMs: 1234,
    machine: { cpuModel: 'Test CPU', cores: 2, memoryGiB: 8, platform: 'linux', arch: 'x64', hostname: 'h', node: 'v20.0.0' },
    backends: [{ name: 'onnxruntime-node', version: '1.30.0' }, { name: 'torch', version: null, note: 'not installed' }],
    status: 'ok',
    summary: 'demo summary',
    figures: [
      { name: 'step_ms', value: 12.5, unit: 'ms', label: 'step time' },
      { name: 'paper_pass1', value: 0.42, unit: 'fraction', source: 'quoted', citation: 'ProRL paper, Table 1' },
      { name: 'missing', value: null, unit: 'ratio', note: 'peer absent' },
    ],
    tables: [{ title: 'step time | sizes', columns: [{ name: 'size', unit: '' }, { name: 'step', unit: 'ms' }], rows: [['1M', 12.5], ['10M', 130.25]] }],
    plots: [
      { kind: 'line', id: 'scaling', title: 'step vs tokens', xLabel: 'tokens', yLabel: 'ms', logX: true, series: [{ name: 'ours', points: [[1, 2], [2, 4]] }] },
      { kind: 'bar', id: 'ratios', title: 'ratios', valueLabel: 'x', bars: [{ label: 'a', value: 1.1 }], reference: 1 },
    ],
    ...over,
  };
}
