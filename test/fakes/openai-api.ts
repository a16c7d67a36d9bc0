import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One chat completion request the fake received, as parsed JSON. */
export interface FakeChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
  tools?: { type: string; function: { name: string; parameters: unknown } }[];
  tool_choice?: unknown;
  [key: string]: unknown;
}

/**
 * How the fake answers one request. `answer` is given back in the request's own mode: as the
 * message content, or as the forced tool call's arguments when the request has tools.
 */
export type FakeAnswer =
  /** A well-formed answer whose content is this object as JSON. */
  | { kind: 'json'; value: unknown; delayMs?: number }
  /** Content as given (invalid JSON, prose, code fences...). */
  | { kind: 'text'; content: string; delayMs?: number }
  /** An HTTP error with an OpenAI-style error body. */
  | { kind: 'status'; status: number; delayMs?: number }
  /** A choice cut off or filtered: finish_reason `length` or `content_filter`, partial content. */
  | { kind: 'finish'; reason: 'length' | 'content_filter'; delayMs?: number }
  /** The model refuses (message.refusal). */
  | { kind: 'refusal'; delayMs?: number }
  /** A choice with no content at all. */
  | { kind: 'empty'; delayMs?: number };

/** Decides the answer to a request; may look at the citizen's message (see {@link citizenMessage}). */
export type FakeScript = (req: FakeChatRequest) => FakeAnswer;

/** The citizen's message inside our extraction prompt (between `<<<` and `>>>`), or the whole user text. */
export function citizenMessage(req: FakeChatRequest): string {
  const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
  return /<<<\n([\s\S]*?)\n>>>/.exec(user)?.[1] ?? user;
}

/** Whether a request is the one repair attempt (our user text, the model's answer, our repair request). */
export function isRepair(req: FakeChatRequest): boolean {
  return req.messages.length > 2;
}

/**
 * A fake OpenAI-compatible server on 127.0.0.1 (port 0) for the real `openai` SDK:
 * `POST /v1/chat/completions` answers what the test's script says — well, invalid JSON, late, an
 * HTTP error, a refusal, a cut-off or filtered choice, nothing, or whatever an injected
 * instruction asked for — in `json_schema`, `json_object` or `tools` form. Every request is kept.
 */
export class FakeOpenAiApi {
  /** Every request received, in order. */
  readonly requests: FakeChatRequest[] = [];
  /** The script; tests replace it at will. */
  script: FakeScript = () => ({ kind: 'json', value: { categories: [], subcategory: null, place: null, target: null, time: null, demand: null } });
  private readonly sockets = new Set<import('node:net').Socket>();

  private constructor(
    private readonly server: Server,
    /** The `baseURL` to give the SDK. */
    readonly baseURL: string,
  ) {
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Starts a fake on a free port of 127.0.0.1. */
  static async start(): Promise<FakeOpenAiApi> {
    let fake: FakeOpenAiApi | undefined;
    // Idle connections stay open as long as a hosted API keeps them (about a minute): with Node's
    // 5 s default, a client reusing a connection the server just closed would see ECONNRESET.
    const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => void fake?.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeOpenAiApi(server, `http://127.0.0.1:${port}/v1`);
    return fake;
  }

  /** Requests whose citizen message contains `text`. */
  requestsAbout(text: string): FakeChatRequest[] {
    return this.requests.filter((r) => citizenMessage(r).includes(text));
  }

  /** Stops the server, cutting connections a late answer still holds. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeChatRequest;
    this.requests.push(body);
    const answer = this.script(body);
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (res.destroyed) return;
    if (answer.kind === 'status') {
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'fake failure', type: 'server_error' } }));
      return;
    }
    const tools = Array.isArray(body.tools) && body.tools.length > 0;
    const message: Record<string, unknown> = { role: 'assistant', content: null, refusal: null };
    let finish = tools ? 'tool_calls' : 'stop';
    const content = answer.kind === 'json' ? JSON.stringify(answer.value) : answer.kind === 'text' ? answer.content : answer.kind === 'finish' ? '{"categories": ["ai' : null;
    if (answer.kind === 'refusal') message.refusal = 'I cannot help with that.';
    else if (answer.kind === 'finish') finish = answer.reason;
    if (content !== null && tools && answer.kind !== 'finish') {
      message.tool_calls = [{ id: 'call_1', type: 'function', function: { name: body.tools![0]!.function.name, arguments: content } }];
    } else message.content = content;
    const completion = {
      id: `chatcmpl-${this.requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion));
  }
}
