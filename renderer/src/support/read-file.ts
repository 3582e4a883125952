/**
 * Reads a picked file as text, reporting the fraction read so far. FileReader decodes
 * once, in the browser, and fires progress events as it goes, so a large file shows
 * how far along it is without holding the text twice.
 */
export function readFileText(file: Blob, onProgress: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('the browser could not read the file'));
    reader.readAsText(file);
  });
}

/** Reads a picked file as bytes (an incident file is checked byte for byte), reporting the fraction read so far. */
export function readFileBytes(file: Blob, onProgress: (fraction: number) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    reader.onload = () => resolve(reader.result instanceof ArrayBuffer ? new Uint8Array(reader.result) : new Uint8Array());
    reader.onerror = () => reject(reader.error ?? new Error('the browser could not read the file'));
    reader.readAsArrayBuffer(file);
  });
}
