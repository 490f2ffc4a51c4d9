import { ApiProperty } from '@nestjs/swagger';
import type { AccessToken } from './token.service';

export class AccessTokenResponse implements AccessToken {
  @ApiProperty({ description: 'HS256 JWT; send it as `Authorization: Bearer <token>`' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ example: 900, description: 'Lifetime in seconds' })
  expiresIn: number;
}
