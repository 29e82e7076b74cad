import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
}

export class FileTooLargeError extends Error {}

/** The multipart reader's own complaints about a body that is not multipart (truncated, no boundary). */
export function isMalformedMultipart(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /unexpected end of multipart data|^Multipart: Boundary not found/i.test(message);
}

const keyPattern = /^[a-z]+\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/;

/**
 * Uploaded files on disk under FILES_DIR, named by generated keys (never by the uploader's file
 * name, so no path from outside reaches the file system). Written while they stream in, with
 * their size and SHA-256, so a large upload never sits whole in memory. A write that fails
 * midway (the disk full, say) removes what it wrote: no partial file stays behind.
 */
export class FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!keyPattern.test(key)) throw new Error(`invalid file key ${key}`);
    return join(this.root, key);
  }

  async save(kind: string, source: Readable, now: Date, maxBytes: number): Promise<StoredFile> {
    const month = String(now.getUTCMonth() + 1).padStart(2, '0');
    const key = `${kind}/${now.getUTCFullYear()}/${month}/${randomUUID()}`;
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    let tooLarge = false;
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
      if (size > maxBytes && !tooLarge) {
        tooLarge = true;
        source.destroy(new FileTooLargeError());
      }
    });
    try {
      await pipeline(source, this.createWriter(path));
    } catch (error) {
      await rm(path, { force: true });
      throw tooLarge ? new FileTooLargeError() : error;
    }
    // A multipart stream that hit the server's own limit ends quietly with `truncated` set.
    if ((source as Readable & { truncated?: boolean }).truncated) {
      await rm(path, { force: true });
      throw new FileTooLargeError();
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  /** Where a new file's bytes go (a test replaces it to make the disk run full midway). */
  protected createWriter(path: string): Writable {
    return createWriteStream(path, { flags: 'wx' });
  }

  open(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  path(key: string): string {
    return this.pathOf(key);
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
