import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * Text of a PDF through pdf-parse (pdf.js). It runs in a child node process: pdf.js loads its
 * worker with a dynamic import, which jest's module sandbox does not allow.
 */
export function pdfText(buf: Buffer): Promise<string> {
  const script = `
    const { PDFParse } = require('pdf-parse');
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      process.stdout.write((await parser.getText()).text);
      await parser.destroy();
    });`;
  return new Promise<string>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', script],
      { cwd: path.resolve(__dirname, '../..'), maxBuffer: 10 * 1024 * 1024 },
      (err, stdout) =>
        err ? reject(new Error(`pdf-parse failed: ${err.message}`)) : resolve(stdout),
    );
    child.stdin?.end(buf);
  });
}
