/**
 * Contract of the Yjs sync endpoint. The wire protocol is y-websocket's own
 * (sync = 0, awareness = 1); `MESSAGE_SAVED` is our extension, sent only to
 * clients that connect with `?saved=1`, so stock providers never see it.
 */
export const COLLAB_PATH = '/collab';
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
/** Payload: a varUint, how many of this connection's update-bearing messages are durably stored. */
export const MESSAGE_SAVED = 100;
export const SAVED_QUERY_PARAM = 'saved';

/** WebSocket close codes used by the sync endpoint. */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  /** The frame could not be decoded as a y-websocket message. */
  invalidPayload: 1007,
  policyViolation: 1008,
  /** The frame exceeded the configured maximum size. */
  messageTooBig: 1009,
  /** The server could not store the update; the client should reconnect and resync. */
  internalError: 1011,
  /** Server is shutting down or restarting. */
  serviceRestart: 1012,
} as const;

/** Document names are opaque ids; keep them URL-safe and short. */
export const DOCUMENT_NAME_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
