import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread from a module next to the caller, named without its extension
 * (`startModuleWorker(import.meta.url, './train.worker', ...)`). Built (dist/*.js), the .js file is loaded
 * directly. From the TypeScript sources (tsx in development, vitest, `npx tandem` without a build) Node 20
 * does not apply the loader hooks to workers, so a small bootstrap registers tsx inside the worker first.
 */
export function startModuleWorker(callerUrl: string, specifier: string, options: WorkerOptions = {}): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`${specifier}.js`, callerUrl), options);
  const script = new URL(`${specifier}.ts`, callerUrl).href;
  const bootstrap =
    `import('tsx/esm/api')` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); })` +
    `.catch((err) => { process.exitCode = 1; throw err; });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
