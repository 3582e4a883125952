import { z } from 'zod';

const TitleSchema = z.object({ incident: z.object({ title: z.string().max(1000) }) });

/** The incident's title when the file is plain JSON (format 0); undefined for any other content. */
export function incidentTitleOf(bytes: Uint8Array): string | undefined {
  try {
    const parsed = TitleSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data.incident.title : undefined;
  } catch {
    return undefined;
  }
}
