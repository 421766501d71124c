// Build step: minifies plotly.js-dist (the package the user's stack names, 11 MB) into dist/notebook/plotly.min.js (about 4.9 MB),
// the copy notebooks and reports embed. Run by `npm run build`; skipped when the output is newer than the input.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const out = path.join(root, "dist", "notebook", "plotly.min.js");

function main() {
  const input = require.resolve("plotly.js-dist", { paths: [root] });
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(input).mtimeMs) return;
  let esbuild;
  try {
    esbuild = require("esbuild");
  } catch {
    // Installed without dev dependencies: notebooks then embed plotly.js-dist unminified (correct, only larger).
    console.warn("minify-plotly: esbuild is not installed; notebooks will embed plotly.js-dist unminified.");
    return;
  }
  const source = fs.readFileSync(input, "utf8");
  // Keep plotly's licence header (it also names the version, which the embed reports).
  const header = /^\/\*\*[\s\S]*?\*\/\n/.exec(source)?.[0] ?? "";
  const { code } = esbuild.transformSync(source, { minify: true, target: "es2018", legalComments: "none" });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out + ".tmp", header + code);
  fs.renameSync(out + ".tmp", out);
}

main();
