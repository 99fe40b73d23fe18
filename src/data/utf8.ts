/**
 * Data files must be UTF-8. Node's default decoder silently turns every byte it cannot decode
 * into U+FFFD, which merges distinct values: "Bär" and "Bör" from a Latin-1 spreadsheet export
 * both become "B�r" — one category where the data had two, and a model trained on the wrong
 * table. So bytes that are not UTF-8 are an error naming the line they are on.
 */
import { Transform, type Readable } from 'node:stream';
import { DataError } from './errors';

const REPLACEMENT = '\uFFFD';
const LF = 0x0a;
const CR = 0x0d;

/** The position of the first byte sequence that is not UTF-8, if any. */
function firstInvalidByte(bytes: Uint8Array): number | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenient = buffer.toString('utf8');
  let charsDone = 0;
  let bytesDone = 0;
  for (let at = lenient.indexOf(REPLACEMENT); at >= 0; at = lenient.indexOf(REPLACEMENT, at + 1)) {
    // A U+FFFD the file itself holds (bytes EF BF BD) is text; any other is a decoding failure.
    bytesDone += Buffer.byteLength(lenient.slice(charsDone, at));
    charsDone = at;
    const written = buffer[bytesDone] === 0xef && buffer[bytesDone + 1] === 0xbf && buffer[bytesDone + 2] === 0xbd;
    if (!written) return bytesDone;
  }
  return undefined;
}

/** Counts line ends (CRLF, LF or a lone CR) across consecutive chunks of bytes. */
class LineCounter {
  /** Completed lines so far. */
  lines = 0;
  private afterCR = false;

  /** Adds the line ends in `bytes[0 … end)`. */
  feed(bytes: Uint8Array, end = bytes.length): void {
    for (let i = 0; i < end; i++) {
      const b = bytes[i];
      if (b === LF) {
        // The LF of a CRLF ends the line the CR already counted.
        if (!this.afterCR) this.lines++;
        this.afterCR = false;
      } else {
        if (b === CR) this.lines++;
        this.afterCR = b === CR;
      }
    }
  }
}

/** `what` is wrong at `line`; the advice is the same for every way of not being UTF-8. */
function notUtf8(path: string, line: number, what: string): DataError {
  return new DataError(`${what} (a Latin-1 or Windows-1252 export?); save the file as UTF-8`, { path, line });
}

const badByte = (byte: number | undefined): string =>
  byte === undefined ? 'bytes that are not UTF-8' : `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8`;

/**
 * The error for bytes that are not UTF-8: the line of the first bad byte, `counter` holding the
 * line ends before `bytes`. (A character cut by a stream's chunk boundary and never completed is
 * found at the next chunk's start, whose bytes alone may decode: then no byte is named.)
 */
function invalidIn(path: string, bytes: Uint8Array, counter: LineCounter): DataError {
  const at = firstInvalidByte(bytes);
  counter.feed(bytes, at ?? bytes.length);
  return notUtf8(path, counter.lines + 1, badByte(at === undefined ? undefined : bytes[at]));
}

/** The text of a whole data file; bytes that are not UTF-8 are a DataError naming their line. A BOM is kept. */
export function decodeUtf8(path: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw invalidIn(path, bytes, new LineCounter());
  }
}

/**
 * The text of a byte stream, as string chunks (a BOM kept), decoded once: the stream fails with
 * a DataError naming the line of the first byte that is not UTF-8. For streamed reads (`dbnc
 * predict`), whose parsers take the strings as they come.
 */
export function decodedUtf8(path: string, source: Readable): Readable {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const counter = new LineCounter();
  const check = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        done(invalidIn(path, chunk, counter));
        return;
      }
      counter.feed(chunk);
      // A chunk that ends inside a character may decode to nothing yet.
      done(null, text === '' ? undefined : text);
    },
    flush(done) {
      try {
        const rest = decoder.decode();
        done(null, rest === '' ? undefined : rest);
      } catch {
        // Only an unfinished multi-byte character at the very end gets here.
        done(notUtf8(path, counter.lines + 1, 'the file ends inside a multi-byte character'));
      }
    },
  });
  source.on('error', (error) => check.destroy(error));
  return source.pipe(check);
}
