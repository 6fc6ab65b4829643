/**
 * The machine and backend versions stamped into every suite record: CPU model, cores and memory from
 * `os`; versions of onnxruntime-node and tfjs read from their installed package.json (found by walking
 * up `node_modules`, including pnpm's `.pnpm` store); torch's version is added by suites that ran it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendInfo, MachineInfo } from './types.js';

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: os.platform(),
    arch: os.arch(),
    hostname: os.hostname(),
    node: process.version,
    loadAvg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

function readVersion(pkgJson: string): string | null {
  try {
    const v = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/**
 * Version of an installed npm package, or null. Looks for `node_modules/<name>/package.json` and
 * `node_modules/.pnpm/<name@version>/node_modules/<name>/package.json` in `from` and every parent.
 */
export function installedVersion(name: string, from: readonly string[] = defaultSearchDirs()): string | null {
  const pnpmPrefix = `${name.replace('/', '+')}@`;
  for (const start of from) {
    let dir = resolve(start);
    for (;;) {
      const direct = join(dir, 'node_modules', name, 'package.json');
      if (existsSync(direct)) return readVersion(direct);
      const store = join(dir, 'node_modules', '.pnpm');
      if (existsSync(store)) {
        const hits = readdirSync(store).filter((d) => d.startsWith(pnpmPrefix)).sort();
        for (const h of hits) {
          const v = readVersion(join(store, h, 'node_modules', name, 'package.json'));
          if (v) return v;
        }
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}

function defaultSearchDirs(): string[] {
  return [process.cwd(), dirname(fileURLToPath(import.meta.url))];
}

/** onnxruntime-node and tfjs versions (null when not installed). */
export function jsBackends(): BackendInfo[] {
  return [
    { name: 'onnxruntime-node', version: installedVersion('onnxruntime-node') },
    { name: '@tensorflow/tfjs', version: installedVersion('@tensorflow/tfjs') },
    { name: '@tensorflow/tfjs-backend-wasm', version: installedVersion('@tensorflow/tfjs-backend-wasm') },
  ];
}
