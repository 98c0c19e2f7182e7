/**
 * Key encoding for Azure Table Storage. PartitionKey and RowKey may not contain
 * / \ # ? or control characters, so those (and % itself) are percent-encoded; other
 * characters pass through, keeping keys readable and their order lexicographic.
 */

// eslint-disable-next-line no-control-regex -- control characters are exactly what a key may not hold
const FORBIDDEN = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;

export function encodeKey(part: string): string {
  return part.replace(FORBIDDEN, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

export function decodeKey(key: string): string {
  return key.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Joins encoded parts with '~', which sorts after letters and digits. */
export function compositeKey(...parts: string[]): string {
  return parts.map(encodeKey).join('~');
}

/** OData string literal with single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
