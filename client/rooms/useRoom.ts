import { useEffect, useState } from 'react';
import type { ApiError } from '../../shared/errors';
import type { PresenceEntry, RoomView } from '../../shared/schemas/rooms';
import { getSocket, request } from '../app/socket';

/** Joins a room over Socket.IO (again after every reconnect or access change) and follows who is in it. */
export function useRoom(roomId: string) {
  const [room, setRoom] = useState<RoomView | null>(null);
  const [presence, setPresence] = useState<PresenceEntry[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const socket = getSocket();
    let active = true;
    const join = async () => {
      const ack = await request('room:join', { roomId });
      if (!active) return;
      if (ack.ok) {
        setRoom(ack.data.room);
        setPresence(ack.data.presence);
        setError(null);
      } else {
        // no longer allowed in (e.g. removed from the group): stop showing and syncing the room
        if (ack.error.code === 'not_found' || ack.error.code === 'forbidden') setRoom(null);
        setError(ack.error);
      }
    };
    // our rights here changed: join again to learn what we may do now, or that we may not
    const onAccessChanged = (payload: { roomId: string }) => {
      if (payload.roomId === roomId) void join();
    };
    const onPresence = (payload: { roomId: string; presence: PresenceEntry[] }) => {
      if (payload.roomId === roomId) setPresence(payload.presence);
    };
    socket.on('room:presence', onPresence);
    socket.on('room:access-changed', onAccessChanged);
    socket.on('connect', join);
    if (socket.connected) void join();
    return () => {
      active = false;
      socket.off('room:presence', onPresence);
      socket.off('room:access-changed', onAccessChanged);
      socket.off('connect', join);
      void request('room:leave', { roomId });
    };
  }, [roomId]);

  return { room, presence, error };
}
