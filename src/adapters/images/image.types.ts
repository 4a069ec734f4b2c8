/** What the image tools tell about an upload; use cases depend on these types only. */
export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
  minSide: number;
  maxSide: number;
  formats: readonly ImageFormat[];
}

export interface InspectedImage {
  format: ImageFormat;
  width: number;
  height: number;
  /** Every pixel fully opaque. */
  opaque: boolean;
  /** The bytes to store: the upload, or an upright re-encode when a JPEG carried an EXIF rotation. */
  body: Buffer;
}

/** A display-size WebP of a template image, for the web's first preview (never for downloads). */
export interface PreviewImage {
  width: number;
  height: number;
  body: Buffer;
}
