import { Zip, ZipPassThrough } from 'fflate';

/** One ZIP, stored (PNGs are compressed already), built a file per task so the page never stalls. */
export function packZip(files: { name: string; png: Blob }[]): Promise<Blob> {
  return new Promise((resolve, reject) => {
    // Each file's bytes become a Blob as soon as they are out (a small copy per file), so the end joins Blobs by
    // reference instead of copying a hundred megabytes in one task.
    const blobs: Blob[] = [];
    let chunks: Uint8Array[] = [];
    const seal = () => {
      if (chunks.length) blobs.push(new Blob(chunks as BlobPart[]));
      chunks = [];
    };
    const zip = new Zip((error, chunk, final) => {
      if (error) return reject(error);
      chunks.push(chunk);
      if (!final) return;
      seal();
      resolve(new Blob(blobs, { type: 'application/zip' }));
    });
    void (async () => {
      try {
        for (const { name, png } of files) {
          const entry = new ZipPassThrough(name);
          zip.add(entry);
          entry.push(new Uint8Array(await png.arrayBuffer()), true);
          seal();
        }
        zip.end();
      } catch (error) {
        zip.terminate();
        reject(error);
      }
    })();
  });
}
