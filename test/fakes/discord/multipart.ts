import type { UploadedFile } from './types.js';

export interface MultipartBody {
  fields: Map<string, string>;
  files: UploadedFile[];
}

/**
 * Parses multipart/form-data with the platform's own parser (undici's Response.formData) rather than a
 * hand-rolled one: the fake must accept exactly what a spec-compliant client produces.
 */
export async function parseMultipart(body: Buffer, contentType: string): Promise<MultipartBody> {
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  const fields = new Map<string, string>();
  const files: UploadedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      fields.set(field, value);
    } else {
      files.push({
        field,
        filename: value.name,
        contentType: value.type || 'application/octet-stream',
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
  }
  return { fields, files };
}

/** `files[3]` → 3; other field names → undefined. */
export function fileIndex(field: string): number | undefined {
  const match = /^files\[(\d+)\]$/.exec(field);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
