/**
 * Lets a child process run the TypeScript sources as jest does: `node -r test/support/tsHook.js
 * app/cli.ts ...`. Each file is transpiled on its own (the project compiles with
 * isolatedModules) and cached under the system's temp folder by content, so the real CLI and
 * server run from the sources without a build, and a repeated run costs no transpiling.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cacheDir = path.join(os.tmpdir(), 'planpulse-ts-cache');
let ts;

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    ts ??= require('typescript');
    output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        resolveJsonModule: true,
        inlineSourceMap: true,
      },
    }).outputText;
    fs.mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed: runs started side by side never read half a file.
    const temp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temp, output);
    fs.renameSync(temp, cached);
  }
  module._compile(output, filename);
};
