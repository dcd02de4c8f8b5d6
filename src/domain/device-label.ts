/** How a kiosk is called when it enrolled without a name of its own. */

/** True for the names a kiosk sends when nobody named it: empty, `kiosk`, or its browser's user agent. */
export function isGenericDeviceName(name: string): boolean {
  const n = name.trim();
  return n === '' || n === 'kiosk' || /^kiosk (Mozilla|Dalvik)\//.test(n);
}

/** A short, stable tag from a device id, so two unnamed kiosks of one station can be told apart. */
export function deviceTag(id: string): string {
  return id.slice(0, 4);
}
