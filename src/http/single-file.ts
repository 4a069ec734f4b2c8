import type { FastifyRequest } from 'fastify';
import { AppError, createInvalidError, isAppError } from '../shared/app-error.js';

/**
 * One file from a multipart form (a broadcast image, a logo, an overlay): the named field only, at most `maxBytes`.
 * A body that is not multipart, is cut off, or carries something else is a 400 naming the field; too large is a 413.
 */
export async function readSingleFile(
  request: FastifyRequest,
  { field, maxBytes }: { field: string; maxBytes: number },
): Promise<Buffer> {
  if (!request.isMultipart())
    throw createInvalidError('request.invalid', `Send the file as multipart/form-data in the field "${field}"`, {
      field,
    });
  let file: Buffer | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 200 } })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== field) {
        part.file.resume();
        throw createInvalidError('request.invalid', `${part.fieldname}: unexpected file (use ${field})`, { field });
      }
      file = await part.toBuffer();
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError({
        kind: 'too_large',
        code: 'image.too_large',
        message: `${field}: the file is larger than ${maxBytes / 1048576} MB`,
        details: { field },
      });
    throw createInvalidError(
      'request.malformed_multipart',
      'The form data is malformed or was cut off; send it again',
      {
        field,
      },
    );
  }
  if (!file || file.length === 0) throw createInvalidError('image.empty', `${field}: choose a file`, { field });
  return file;
}
