// Run a Python file inside Pyodide (the runtime of xlwings Lite) on Node, offline.
// Usage: node pyodide_run.mjs HOSTDIR DRIVER.py
// HOSTDIR is mounted at /host; the wheels in HOSTDIR/wheels are unpacked into site-packages
// (what micropip does with a pure-Python wheel), HOSTDIR/src/* is copied onto sys.path as is.
// The driver defines `async def main()`, which reads /host/job.json and writes /host/result.json.
import { loadPyodide } from "pyodide";

const [hostDir, driver] = process.argv.slice(2);
const started = performance.now();
const py = await loadPyodide();
const loaded = performance.now();
py.FS.mkdirTree("/host");
py.FS.mount(py.FS.filesystems.NODEFS, { root: hostDir }, "/host");
py.globals.set("PYODIDE_START_MS", loaded - started);
await py.runPythonAsync(`
import os, site, sys, zipfile, shutil
target = site.getsitepackages()[0]
for name in sorted(os.listdir("/host/wheels")):
    zipfile.ZipFile(os.path.join("/host/wheels", name)).extractall(target)
if os.path.isdir("/host/src"):
    for name in os.listdir("/host/src"):
        shutil.copytree(os.path.join("/host/src", name), os.path.join(target, name), dirs_exist_ok=True)
`);
await py.runPythonAsync(py.FS.readFile(`/host/${driver}`, { encoding: "utf8" }), { filename: driver });
const main = py.globals.get("main");
await main();
