import { ApiProperty } from '@nestjs/swagger';
import type { Page, UserViewResponse } from './user-view.response';
import { UserViewResponseDto } from './user-view.response.dto';

/** One page of users, for the API documentation. */
export class UserPageResponseDto implements Page<UserViewResponse> {
  @ApiProperty({ type: [UserViewResponseDto] })
  data: UserViewResponseDto[];

  @ApiProperty({ example: 42, description: 'Users matching the filter, all pages together' })
  total: number;

  @ApiProperty({ example: 20 })
  limit: number;

  @ApiProperty({ example: 0 })
  offset: number;
}
