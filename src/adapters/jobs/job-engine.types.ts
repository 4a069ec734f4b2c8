/** The job engine as the worker and use cases see it (pg-boss behind it; see job-engine.ts). */
export interface QueueDefinition {
  name: string;
  /**
   * `stately`: at most one job waiting and one running in the whole queue, across every process — a second send
   * while one waits is dropped. `standard`: every job is kept and several may run at once.
   */
  policy: 'stately' | 'standard';
  /** A job still running after this long is taken to be lost with its process, and is retried elsewhere. */
  expireInSeconds: number;
  retryLimit: number;
  retryDelaySeconds: number;
}

export interface JobEngineOptions {
  /** How often expired jobs are looked for (pg-boss maintenance); with `expireInSeconds`, how soon a lost job resumes. */
  maintenanceIntervalSeconds?: number;
  /** How often an idle worker asks for a job. */
  pollingIntervalSeconds?: number;
}

export interface SendOptions {
  startAfterSeconds?: number;
  /** With `singletonSeconds`: one job per key per slot of that many seconds, across every process. */
  singletonKey?: string;
  singletonSeconds?: number;
}

export type JobHandler = (job: { id: string; data: unknown }) => Promise<void>;

export interface JobEngine {
  start(): Promise<void>;
  /** Creates the queue if it does not exist yet (idempotent, safe from every process). */
  defineQueue(queue: QueueDefinition): Promise<void>;
  /**
   * Queues a job; null when a `stately` queue already has one waiting (the waiting one will do the work), or when a
   * job with the same `singletonKey` was already queued in the current `singletonSeconds` slot (whatever its state).
   */
  send(queue: string, data?: Record<string, unknown>, options?: SendOptions): Promise<string | null>;
  /** Handles the queue's jobs one at a time in this process; a throw retries the job after its delay. */
  work(queue: string, handler: JobHandler): Promise<void>;
  /** Queues a job on a cron schedule (UTC), once across all processes. */
  schedule(queue: string, cron: string): Promise<void>;
  /** Jobs waiting to run (created or retry) in each queue. */
  queueDepths(): Promise<Record<string, number>>;
  /** Stops fetching, waits up to `timeoutMs` for running handlers, and hands back what is still running. */
  stop(timeoutMs: number): Promise<void>;
}
