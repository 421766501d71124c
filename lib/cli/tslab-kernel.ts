// The Jupyter kernel process infratwin registers: tslab itself, with failing cells reported as real Jupyter errors and `stop_on_error` honoured.
//
// tslab answers a failing cell with status "error" but no ename/evalue/traceback and prints the error on
// stderr, so nbconvert shows `<Error>: ` and nbclient's message is empty. It also cancels every request that
// arrives in the next 200 ms, even when the client asked to go on (`--allow-errors`). This process loads the
// same tslab, records the thrown value or the compile diagnostics of each cell, and sends them as an `error`
// output and in the execute reply.
import { createRequire } from "node:module";
import { join } from "node:path";
import { compileError, runtimeError, type CellDiagnostic, type CellError } from "../notebook/cell-error";

type Converted = { output?: string; diagnostics: CellDiagnostic[] };
type Converter = { convert(prevDecl: string, src: string): Converted };
type ConverterSet = { node: Converter; browser: Converter; close(): void };
type ExecutorConsole = { log: (...args: unknown[]) => void; error: (...args: unknown[]) => void };
type ZmqMessage = { content: Record<string, unknown>; createReply(): ZmqMessage & { header: { msg_type: string }; signAndSend(key: string, sock: unknown): void } };
type Handler = { execCount: number; execQueue: { add<T>(task: () => Promise<T>): Promise<T>; reset(ms?: number): void }; handleExecuteImpl(req: unknown, ws: unknown, wd: unknown): Promise<{ count: number }> };

/** What the cell being executed left behind. */
interface CellState {
  source: string;
  output?: string;
  diagnostics: CellDiagnostic[];
  thrown?: { value: unknown };
}

let current: CellState = { source: "", diagnostics: [] };

function loadTslab(): { dir: string; req: NodeRequire } {
  // The notebook folder's own tslab first (a study's node_modules), then the one beside infratwin.
  for (const base of [join(process.cwd(), "noop.js"), __filename]) {
    try {
      const req = createRequire(base);
      const main = req.resolve("tslab/dist/main.js");
      return { dir: join(main, ".."), req };
    } catch {
      // try the next place
    }
  }
  console.error("infratwin kernel: tslab is not installed; install it in the study folder (npm install tslab).");
  process.exit(1);
}

function patch(dir: string, req: NodeRequire): { startKernel: (o: Record<string, unknown>) => void } {
  const executor = req(join(dir, "executor.js")) as { createExecutor: (root: string, convs: ConverterSet, c: ExecutorConsole) => unknown };
  const jupyter = req(join(dir, "jupyter.js")) as { ZmqServer: { prototype: Record<string, unknown> } };
  const util = req(join(dir, "util.js")) as { TaskCanceledError: new (...a: unknown[]) => Error };
  const metadata = req(join(dir, "metadata.js")) as { getCodeMetadata(src: string): { module?: string } };
  const main = req(join(dir, "main.js")) as { startKernel: (o: Record<string, unknown>) => void };

  const createExecutor = executor.createExecutor;
  executor.createExecutor = (root, convs, console) => {
    const node = recording(convs);
    const quiet: ExecutorConsole = {
      log: console.log,
      error: (...args) => {
        // The error output replaces tslab's stderr print of the same failure.
        // tslab's executor calls error(e) with the thrown value alone when a cell throws.
        if (args.length === 1) {
          current.thrown = { value: args[0] };
          return;
        }
        if (args[0] === "%s%d:%d - %s" && !metadata.getCodeMetadata(current.source).module) return;
        console.error(...args);
      },
    };
    return createExecutor(root, node, quiet);
  };

  jupyter.ZmqServer.prototype.handleExecute = async function (this: { handler: Handler; connInfo: { key: string }; iopub: unknown }, sock: unknown, msg: ZmqMessage) {
    const send = (type: string, content: unknown) => {
      const m = msg.createReply();
      m.header.msg_type = type;
      m.content = content as Record<string, unknown>;
      m.signAndSend(this.connInfo.key, this.iopub);
    };
    const writeStream = (name: string, text: string) => send("stream", { name, text });
    const writeDisplayData = (data: unknown, update: boolean) => send(update ? "update_display_data" : "display_data", data);
    const req = msg.content;
    current = { source: String(req.code ?? ""), diagnostics: [] };
    let status = "ok";
    let count: number | undefined;
    try {
      const task = () => {
        // nbclient and nbconvert take a cell's prompt number from execute_input; tslab never sends it.
        send("execute_input", { code: req.code, execution_count: this.handler.execCount + 1 });
        return this.handler.handleExecuteImpl(req, writeStream, writeDisplayData);
      };
      count = (await this.handler.execQueue.add(task)).count;
    } catch (e) {
      if (e instanceof util.TaskCanceledError) status = "abort";
      else {
        status = "error";
        if (typeof (e as { count?: unknown }).count === "number") count = (e as { count: number }).count;
        else current.thrown ??= { value: e };
        // tslab's queue rejects every later task until reset. Jupyter's stop_on_error: cancel the cells queued in
        // the next 200 ms only when the client asked for it (nbclient without --allow-errors), else go on now.
        if (req.stop_on_error !== false) this.handler.execQueue.reset(200);
        else this.handler.execQueue.reset();
      }
    }
    const content: Record<string, unknown> = { status, execution_count: count };
    if (status === "error") {
      const error = describeFailure(current);
      send("error", { ...error, execution_count: count });
      Object.assign(content, error);
    }
    const reply = msg.createReply();
    reply.header.msg_type = "execute_reply";
    reply.content = content;
    reply.signAndSend(this.connInfo.key, sock);
  };
  return main;
}

function recording(convs: ConverterSet): ConverterSet {
  const wrapped = new WeakMap<Converter, Converter>();
  const wrap = (c: Converter): Converter => {
    let w = wrapped.get(c);
    if (!w) {
      w = Object.create(c) as Converter;
      w.convert = (prevDecl, src) => {
        const out = c.convert(prevDecl, src);
        if (src === current.source) {
          current.output = out.output;
          current.diagnostics = out.diagnostics ?? [];
        }
        return out;
      };
      wrapped.set(c, w);
    }
    return w;
  };
  return {
    get node() {
      return wrap(convs.node);
    },
    get browser() {
      return wrap(convs.browser);
    },
    close: () => convs.close(),
  };
}

function describeFailure(cell: CellState): CellError {
  if (cell.thrown) return runtimeError(cell.thrown.value, cell);
  if (cell.diagnostics.length > 0) return compileError(cell.diagnostics, cell);
  return { ename: "Error", evalue: "the cell failed without an error message (see its stderr output)", traceback: [] };
}

function parseConfigPath(argv: string[]): { configPath: string; jsKernel: boolean } {
  const i = argv.indexOf("--config-path");
  const eq = argv.find((a) => a.startsWith("--config-path="));
  const configPath = i >= 0 ? argv[i + 1] : eq ? eq.slice("--config-path=".length) : "";
  if (!configPath) {
    console.error("Usage: node tslab-kernel.js --config-path CONNECTION_FILE [--js] (Jupyter starts this; see `infratwin notebook`).");
    process.exit(2);
  }
  return { configPath, jsKernel: argv.includes("--js") };
}

if (require.main === module) {
  const { configPath, jsKernel } = parseConfigPath(process.argv.slice(2));
  const { dir, req } = loadTslab();
  const { startKernel } = patch(dir, req);
  const { version } = req(join(dir, "..", "package.json")) as { version: string };
  startKernel({ configPath, jsKernel, enableFindLocal: false, globalVersion: version });
}
