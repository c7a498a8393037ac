import { Fragment } from 'react';
import type { RoomView } from '../../shared/schemas/rooms';

/** "Group · Hub", each name isolated so mixed scripts keep their order in either direction. */
export function RoomContext({ room }: { room: RoomView }) {
  const parts = [room.group?.name, room.hub?.name].filter((p): p is string => Boolean(p));
  return parts.map((name, i) => (
    <Fragment key={name}>
      {i > 0 && ' · '}
      <bdi>{name}</bdi>
    </Fragment>
  ));
}
