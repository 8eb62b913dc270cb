/** Width, height, bit depth and colour type from a PNG's IHDR chunk; throws when `data` is no PNG. */
export function readIhdr(data: Uint8Array) {
  const buf = Buffer.from(data);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!buf.subarray(0, 8).equals(signature)) throw new Error('not a PNG: bad signature');
  // The first chunk: 4-byte length (13), "IHDR", then width and height as big-endian uint32.
  if (buf.toString('ascii', 12, 16) !== 'IHDR') throw new Error('not a PNG: no IHDR first');
  return {
    width: buf.readUInt32BE(16),
    height: buf.readUInt32BE(20),
    bitDepth: buf.readUInt8(24),
    colourType: buf.readUInt8(25),
  };
}
