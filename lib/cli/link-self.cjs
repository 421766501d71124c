// Makes `require("infratwin")` resolve from notebooks/ (and anywhere in the checkout) to this package, and
// `npx infratwin` run its CLI, exactly as a user would see an installed copy. Run by `npm run build`.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");

function linkPackage() {
  const link = path.join(root, "node_modules", "infratwin");
  fs.mkdirSync(path.dirname(link), { recursive: true });
  try {
    const stat = fs.lstatSync(link);
    if (stat.isSymbolicLink() && path.resolve(path.dirname(link), fs.readlinkSync(link)) === root) return;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    // no link yet
  }
  fs.symlinkSync("..", link, "dir");
}

function linkCli() {
  const cli = path.join(root, "dist", "cli", "main.js");
  if (!fs.existsSync(cli)) return;
  fs.chmodSync(cli, 0o755);
  const bin = path.join(root, "node_modules", ".bin", "infratwin");
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  fs.rmSync(bin, { force: true });
  fs.symlinkSync(path.relative(path.dirname(bin), cli), bin);
}

linkPackage();
linkCli();
