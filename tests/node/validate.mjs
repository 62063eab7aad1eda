// Validate OOXML files (.xlsx/.xlsm/.docx) with Microsoft's Open XML SDK, compiled to WebAssembly.
// One process for many files: the WebAssembly runtime starts once.
// Usage: node validate.mjs FILE...   Prints {"FILE": [finding, ...], ...} as JSON.
import { readFileSync } from "node:fs";
import validate, { getFileFormatFromName } from "@ooxml-tools/validate";

const out = {};
for (const path of process.argv.slice(2)) {
  // .xlsm is a spreadsheet too; the package names formats by extension only.
  const format = getFileFormatFromName(path.replace(/\.xlsm$/i, ".xlsx"));
  out[path] = await validate(new Uint8Array(readFileSync(path)), format, "Microsoft365");
}
process.stdout.write(JSON.stringify(out));
process.exit(0);
