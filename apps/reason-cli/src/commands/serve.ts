import { EvalError, openCheckpointEngine, startServer } from '@prorl/reasoning';
import type { Argv } from 'yargs';
import { CliInputError } from '../errors.js';

export function serveCommand(y: Argv): Argv {
  return y.command(
    'serve',
    'Serve a local checkpoint through an OpenAI-compatible API (/v1/completions with n, temperature, top_p, max_tokens, stop, logprobs; /v1/models; /health), backed by the onnxruntime engine.',
    (c) =>
      c
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'checkpoint directory written by `prorl-reason sft` / `train`' })
        .option('port', { type: 'number', default: 8000, describe: 'port (0 picks a free one)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'interface to bind (loopback by default)' })
        .option('model-name', { type: 'string', describe: 'model id clients send (default: the checkpoint folder name)' })
        .option('max-n', { type: 'number', default: 16, describe: 'largest n per request' })
        .option('max-tokens', { type: 'number', describe: "largest max_tokens per request (default: the model's context length)" })
        .option('max-concurrent', { type: 'number', default: 4, describe: 'requests served at once (more get 429 with Retry-After)' }),
    async (a) => {
      try {
        const ck = await openCheckpointEngine(a.checkpoint, a['model-name'] ? { name: a['model-name'] } : {});
        const server = await startServer({
          engine: ck.engine,
          port: a.port,
          host: a.host,
          modelName: ck.engine.name,
          limits: { maxN: a['max-n'], maxTokens: a['max-tokens'] ?? ck.engine.maxTokens, maxConcurrent: a['max-concurrent'] },
        });
        process.stdout.write(`serving ${ck.engine.name} on ${server.url} (POST /v1/completions, GET /v1/models, GET /health); Ctrl-C stops\n`);
        await new Promise<void>((resolve) => {
          const stop = () => void server.close().then(() => ck.release()).then(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      } catch (err) {
        if (err instanceof EvalError && err.code === 'invalid_config') throw new CliInputError(err.where, err.rule, err.fix);
        throw err;
      }
    },
  );
}
