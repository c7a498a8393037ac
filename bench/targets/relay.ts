/**
 * The limit: a raw `ws` relay that forwards every frame, unchanged, to the other
 * connections of the same room (the URL path). No Yjs, no storage, no checks.
 */
import { forward, serveRooms } from './rooms.js';

serveRooms(forward);
