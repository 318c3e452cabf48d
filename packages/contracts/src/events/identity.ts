import { Type } from '@sinclair/typebox';
import { Role, Timestamp, Uuid } from '../dto.js';

/** `identity.user.registered` v1: a user account now exists. */
export const UserRegisteredV1 = Type.Object({
  user_id: Uuid,
  email: Type.String({ format: 'email' }),
  name: Type.Union([Type.String(), Type.Null()]),
  role: Role,
  registered_at: Timestamp,
});
