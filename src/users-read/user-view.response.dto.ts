import { ApiProperty } from '@nestjs/swagger';
import { ROLES, Role } from '../contracts/user-events';
import type { UserViewResponse } from './user-view.response';

/** A user as queries return it, for the API documentation. */
export class UserViewResponseDto implements UserViewResponse {
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

  @ApiProperty({ example: 1, description: 'The last version the read model applied; also the ETag' })
  version: number;

  @ApiProperty({ example: 1 })
  roleCount: number;

  @ApiProperty()
  isBuyer: boolean;

  @ApiProperty()
  isSeller: boolean;
}
