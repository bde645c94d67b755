/** A tagged field the decoder did not recognise, kept as raw bytes so it can be written back unchanged. */
export interface TaggedField {
  tag: number;
  data: Buffer;
}
