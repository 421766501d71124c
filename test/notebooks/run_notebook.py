"""Executes one notebook top to bottom on a Jupyter kernel and reports the first failing cell.

Usage: python3 run_notebook.py NOTEBOOK [--kernel tslab] [--timeout 600] [--out executed.ipynb]
Prints one JSON line: {"ok": true, "cells": N, "seconds": S} or
{"ok": false, "cell": INDEX, "source": "...", "ename": "...", "evalue": "...", "traceback": "..."}.
Exit code 0 when every cell ran, 1 on a cell error, 2 when the notebook could not be run at all.
"""
import argparse
import json
import os
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("--kernel", default="tslab")
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--out")
    args = parser.parse_args()
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
    except ImportError as error:  # Jupyter missing: the caller decides whether that is a skip or a failure
        print(json.dumps({"ok": False, "missing": str(error)}))
        return 2

    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        allow_errors=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
    )
    started = time.time()
    code_cells = 0
    try:
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                code_cells += 1
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as error:
                    # The kernel sends an error output (lib/cli/tslab-kernel.ts); plain tslab only writes stderr, kept as a fallback.
                    stderr = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stderr")
                    tracebacks = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                    ename = tracebacks[0].get("ename") if tracebacks else getattr(error, "ename", "Error")
                    evalue = tracebacks[0].get("evalue") if tracebacks else getattr(error, "evalue", "")
                    print(json.dumps({
                        "ok": False,
                        "cell": index,
                        "execution_count": cell.get("execution_count"),
                        "source": cell.source[:2000],
                        "ename": ename,
                        "evalue": (evalue or stderr or str(error))[:4000],
                        "traceback": (stderr + "\n".join(t for o in tracebacks for t in o.get("traceback", [])))[:6000],
                    }))
                    return 1
    except Exception as error:  # kernel died, timeout, kernel not found
        print(json.dumps({"ok": False, "cell": None, "ename": type(error).__name__, "evalue": str(error)[:4000]}))
        return 2
    finally:
        if args.out:
            nbformat.write(nb, args.out)
    print(json.dumps({"ok": True, "cells": code_cells, "seconds": round(time.time() - started, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
