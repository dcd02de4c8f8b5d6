/** Bounds shared by kiosk and server so a batch the kiosk builds is never refused for its size. */
export const MAX_BATCH_CHANGES = 200;
/** Bytes of JSON a push body may carry; the kiosk stays well under it. */
export const MAX_PUSH_BYTES = 512 * 1024;
/** The kiosk's own target for one batch's JSON, leaving room for the envelope. */
export const TARGET_BATCH_BYTES = 256 * 1024;
/** Bytes any other JSON request body may carry. */
export const MAX_SMALL_BODY_BYTES = 16 * 1024;
/** Most rows one export page returns. */
export const MAX_EXPORT_LIMIT = 5000;
/** Bytes an offline transfer file may hold (weeks of a busy station's visits). */
export const MAX_TRANSFER_BYTES = 32 * 1024 * 1024;
