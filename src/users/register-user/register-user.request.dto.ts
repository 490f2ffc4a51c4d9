import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import {
  EmailField,
  NameField,
  PasswordField,
  RolesField,
  SELF_ASSIGNABLE_ROLES,
  SelfAssignableRole,
} from '../user-fields';

export class RegisterUserRequestDto {
  @ApiProperty({
    example: 'test@example.com',
    maxLength: 254,
    description: 'Trimmed, NFC-normalized, lower-cased; unique',
  })
  @EmailField()
  email: string;

  @ApiProperty({ example: 'password123', description: '8 to 72 bytes of UTF-8, no NUL; kept exactly as sent' })
  @PasswordField()
  password: string;

  @ApiProperty({ example: 'Test User', minLength: 1, maxLength: 100, description: 'Trimmed; no control characters' })
  @NameField()
  name: string;

  /** Defaults to ["buyer"]. */
  @ApiPropertyOptional({ enum: SELF_ASSIGNABLE_ROLES, isArray: true, example: ['buyer'], default: ['buyer'] })
  @IsOptional()
  @RolesField(SELF_ASSIGNABLE_ROLES)
  roles?: SelfAssignableRole[];
}
