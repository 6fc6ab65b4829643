/** Typed, actionable errors of the SFT / ProRL trainer configuration and runs. */

export type ProRLErrorCode = 'invalid_config' | 'missing_checkpoint' | 'checkpoint_mismatch' | 'no_data';

export class ProRLError extends Error {
  override readonly name: string = 'ProRLError';
  constructor(
    readonly code: ProRLErrorCode,
    readonly where: string,
    readonly rule: string,
    readonly fix: string,
  ) {
    super(`${where}: ${rule}. Fix: ${fix}`);
  }
}

/** An invalid value or combination in a config, rejected before any work starts. */
export class ProRLConfigError extends ProRLError {
  override readonly name = 'ProRLConfigError';
  constructor(field: string, rule: string, fix: string) {
    super('invalid_config', `config '${field}'`, rule, fix);
  }
}
