import type { FastifyInstance } from 'fastify';

/** One line of the readiness report (the core's `ReadinessCheck`; adapters import only the channel contract). */
interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** What the operations endpoints read; main wiring supplies them. */
export interface OpsPorts {
  readiness(): Promise<{ ready: boolean; checks: ReadinessCheck[] }>;
  metrics(): Promise<string>;
  metricsContentType: string;
}

/**
 * `/healthz` (the process answers: for a supervisor's liveness probe), `/readyz` (it can take
 * traffic: 200, or 503 with the failing checks, for a load balancer) and `/metrics` (Prometheus).
 * None of them carries personal data; put `/metrics` behind the reverse proxy's allow-list.
 */
export function registerOps(app: FastifyInstance, ports: OpsPorts): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const r = await ports.readiness();
    return reply.status(r.ready ? 200 : 503).send({ status: r.ready ? 'ready' : 'not ready', checks: r.checks });
  });
  app.get('/metrics', async (_req, reply) => reply.type(ports.metricsContentType).send(await ports.metrics()));
}
