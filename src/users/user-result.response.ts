import { ApiProperty } from '@nestjs/swagger';
import { ROLES, Role } from '../contracts/user-events';
import type { UserResult } from './user-snapshot';

/** A command's answer: the user after the change, for the API documentation. */
export class UserResultResponse implements UserResult {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'test@example.com' })
  email: string;

  @ApiProperty({ example: 'Test User' })
  name: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['buyer'] })
  roles: Role[];

  @ApiProperty()
  isActive: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ example: 1, description: 'Also the ETag' })
  version: number;
}
