import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** An answer already written in the format asked for. */
export interface Open311HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * What the Open311 API needs from the core; main wiring supplies it. `format` is the URL's
 * extension (`json`, `xml`, or anything a client typed): the core decides what it serves.
 */
export interface Open311Ports {
  discovery(format: string, baseUrl: string): Promise<Open311HttpAnswer>;
  services(format: string): Promise<Open311HttpAnswer>;
  service(code: string, format: string): Promise<Open311HttpAnswer>;
  requests(query: unknown, format: string): Promise<Open311HttpAnswer>;
  request(id: string, format: string): Promise<Open311HttpAnswer>;
  post(body: unknown, format: string): Promise<Open311HttpAnswer>;
  /** A failure met before a use case ran, in the spec's error shape. */
  failure(kind: 'not_found' | 'media_type' | 'bad_body' | 'internal', format: string, detail?: string): Open311HttpAnswer;
}

const PREFIX = '/open311/v2';

/** `services.json` → `['services', 'json']`; a name without an extension has the empty format. */
function split(file: string): [name: string, format: string] {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? [file, ''] : [file.slice(0, dot), file.slice(dot + 1)];
}

/** The format a URL asks for, to write an error in it. */
const formatOf = (req: FastifyRequest): string => split(req.url.split('?')[0]!.split('/').pop() ?? '')[1];

/**
 * The Open311 GeoReport v2 API under `/open311/v2/`: reads are public, a POST needs an `api_key`
 * in its body. Form-encoded bodies (the spec's) and JSON are read; forms are parsed only inside
 * this plugin's scope, so no other route starts accepting them.
 */
export function registerOpen311(app: FastifyInstance, ports: Open311Ports): void {
  void app.register(
    async (api) => {
      await api.register(formbody, { bodyLimit: 65_536 });
      // A text/plain body would reach the core as a string: say the media type is wrong instead.
      api.removeContentTypeParser('text/plain');
      const send = async (reply: FastifyReply, a: Open311HttpAnswer | Promise<Open311HttpAnswer>) => {
        const r = await a;
        return reply.status(r.status).type(r.contentType).send(r.body);
      };

      api.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
        const status = err.statusCode ?? 500;
        if (status >= 500) {
          api.log.error({ err }, 'open311 API error');
          return send(reply, ports.failure('internal', formatOf(req)));
        }
        return send(reply, ports.failure(status === 415 ? 'media_type' : 'bad_body', formatOf(req), err.message));
      });
      api.setNotFoundHandler((req, reply) => send(reply, ports.failure('not_found', formatOf(req))));

      api.get<{ Params: { file: string } }>('/:file', async (req, reply) => {
        const [name, format] = split(req.params.file);
        if (name === 'discovery') return send(reply, ports.discovery(format, `${req.protocol}://${req.host}${PREFIX}/`));
        if (name === 'services') return send(reply, ports.services(format));
        if (name === 'requests') return send(reply, ports.requests(req.query, format));
        return send(reply, ports.failure('not_found', format));
      });
      api.get<{ Params: { file: string } }>('/services/:file', async (req, reply) => send(reply, ports.service(...split(req.params.file))));
      api.get<{ Params: { file: string } }>('/requests/:file', async (req, reply) => send(reply, ports.request(...split(req.params.file))));
      api.post<{ Params: { file: string } }>('/:file', async (req, reply) => {
        const [name, format] = split(req.params.file);
        if (name !== 'requests') return send(reply, ports.failure('not_found', format));
        return send(reply, ports.post(req.body, format));
      });
    },
    { prefix: PREFIX },
  );
}
