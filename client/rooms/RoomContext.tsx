import { Fragment } from 'react';
import type { RoomView } from '../../shared/schemas/rooms';
import { usePlaceNames } from '../ui/usePlaceNames';

/** "Group · Hub", each name isolated so mixed scripts keep their order in either direction. */
export function RoomContext({ room }: { room: RoomView }) {
  const names = usePlaceNames();
  const parts = [room.group?.name, room.hub && names.region(room.hub.name)].filter((p): p is string => Boolean(p));
  return parts.map((name, i) => (
    <Fragment key={name}>
      {i > 0 && ' · '}
      <bdi>{name}</bdi>
    </Fragment>
  ));
}
