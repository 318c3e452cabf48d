/** Byte order marks, as RFC 8259 §8.1 and RFC 7159 §8.1 name them. */
const boms = {
  utf8: Buffer.from([0xef, 0xbb, 0xbf]),
  utf16le: Buffer.from([0xff, 0xfe]),
  utf16be: Buffer.from([0xfe, 0xff]),
  utf32le: Buffer.from([0xff, 0xfe, 0x00, 0x00]),
  utf32be: Buffer.from([0x00, 0x00, 0xfe, 0xff]),
};

/** `value` in UTF-16, little- or big-endian, without a BOM. */
export function utf16(value: string, littleEndian: boolean): Buffer {
  const bytes = Buffer.from(value, 'utf16le');
  return littleEndian ? bytes : bytes.swap16();
}

/** `value` in UTF-32, little- or big-endian, without a BOM. */
export function utf32(value: string, littleEndian: boolean): Buffer {
  const points = Array.from(value, (char) => char.codePointAt(0) ?? 0);
  const bytes = Buffer.alloc(points.length * 4);
  points.forEach((point, index) => {
    if (littleEndian) bytes.writeUInt32LE(point, index * 4);
    else bytes.writeUInt32BE(point, index * 4);
  });
  return bytes;
}

/**
 * One JSON text in every encoding JSON has allowed (UTF-8 by RFC 8259; UTF-16 and UTF-32 by RFC 7159
 * and 4627), each with and without a byte order mark, by name: the bodies a server must read alike.
 */
export function everyJsonEncoding(value: string): Record<string, Buffer> {
  return {
    'UTF-8': Buffer.from(value),
    'UTF-8 with a BOM': Buffer.concat([boms.utf8, Buffer.from(value)]),
    'UTF-16LE': utf16(value, true),
    'UTF-16LE with a BOM': Buffer.concat([boms.utf16le, utf16(value, true)]),
    'UTF-16BE': utf16(value, false),
    'UTF-16BE with a BOM': Buffer.concat([boms.utf16be, utf16(value, false)]),
    'UTF-32LE': utf32(value, true),
    'UTF-32LE with a BOM': Buffer.concat([boms.utf32le, utf32(value, true)]),
    'UTF-32BE': utf32(value, false),
    'UTF-32BE with a BOM': Buffer.concat([boms.utf32be, utf32(value, false)]),
  };
}
