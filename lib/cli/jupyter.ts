// Finds Jupyter on this machine and registers the tslab kernel against the project's own tslab binary.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The Debian packages that provide what notebook execution needs. */
export const JUPYTER_APT_PACKAGES = ["jupyter-nbconvert", "python3-nbclient", "jupyter-client", "python3-ipykernel", "jupyter-notebook"];
export const JUPYTER_INSTALL_HINT = `apt-get update && apt-get install -y ${JUPYTER_APT_PACKAGES.join(" ")}`;

/** The package root (the folder with package.json), from lib/cli or dist/cli. */
export const PACKAGE_ROOT = resolve(__dirname, "..", "..");

/** Where infratwin registers its kernel, so the user's own Jupyter set-up is left alone. */
export const KERNEL_PREFIX = join(PACKAGE_ROOT, ".cache", "jupyter");
export const KERNEL_DATA_DIR = join(KERNEL_PREFIX, "share", "jupyter");

/** A Python interpreter that can import nbclient, or undefined: $INFRATWIN_PYTHON, then Debian's, then the PATH's. */
export function findJupyterPython(): string | undefined {
  const candidates = [process.env.INFRATWIN_PYTHON, "/usr/bin/python3", "python3"].filter((c): c is string => !!c);
  for (const python of candidates) {
    const probe = spawnSync(python, ["-c", "import nbclient, nbformat, jupyter_client"], { stdio: "ignore" });
    if (probe.status === 0) return python;
  }
  return undefined;
}

/** Options of `registerKernel` and `jupyterEnv`. */
export interface KernelOptions {
  /** The folder whose `.cache/jupyter` holds the kernel spec (this package by default; a study folder for `infratwin init`). */
  root?: string;
}

/** Where the kernel spec of a folder lives. */
export function kernelDataDir(root: string = PACKAGE_ROOT): string {
  return root === PACKAGE_ROOT ? KERNEL_DATA_DIR : join(root, ".cache", "jupyter", "share", "jupyter");
}

/** The kernel process Jupyter starts: tslab with real error outputs (see tslab-kernel.ts). */
export const KERNEL_LAUNCHER = join(PACKAGE_ROOT, "dist", "cli", "tslab-kernel.js");

/**
 * Registers the `tslab` (TypeScript) and `jslab` kernels under `<root>/.cache/jupyter`, started by this
 * package's kernel launcher with the running Node. The Python interpreter is not needed to write the spec;
 * the parameter stays so callers that pass it keep working.
 */
export function registerKernel(_python?: string, options: KernelOptions = {}): void {
  if (!existsSync(KERNEL_LAUNCHER)) throw new Error(`registerKernel: the kernel launcher ${KERNEL_LAUNCHER} is missing; run npm run build first.`);
  for (const [name, js] of [["tslab", false], ["jslab", true]] as const) {
    const dir = join(kernelDataDir(options.root), "kernels", name);
    mkdirSync(dir, { recursive: true });
    const spec = {
      argv: [process.execPath, KERNEL_LAUNCHER, "--config-path", "{connection_file}", ...(js ? ["--js"] : [])],
      display_name: js ? "JavaScript" : "TypeScript",
      language: js ? "javascript" : "typescript",
    };
    writeFileSync(join(dir, "kernel.json"), JSON.stringify(spec, null, 1) + "\n");
  }
}

/** The environment a Jupyter process needs to see the project's kernel. */
export function jupyterEnv(base: NodeJS.ProcessEnv = process.env, options: KernelOptions = {}): NodeJS.ProcessEnv {
  const dir = kernelDataDir(options.root);
  const path = base.JUPYTER_PATH ? `${dir}:${base.JUPYTER_PATH}` : dir;
  return { ...base, JUPYTER_PATH: path };
}
