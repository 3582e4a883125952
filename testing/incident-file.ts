import type { IncidentBundle } from '../shared/api/bundle';
import { readIncidentFile } from '../shared/incident-file/read';

/** The bundle inside an `exportIncident` reply (a sealed file in base64), checked as the renderer checks it; throws the refusal sentence. */
export async function bundleOfExport(reply: { fileName: string; file: string }): Promise<IncidentBundle> {
  const read = await readIncidentFile(reply.fileName, new Uint8Array(Buffer.from(reply.file, 'base64')), { trustedKeys: [] });
  if (!read.ok) throw new Error(read.problem);
  return read.bundle;
}
