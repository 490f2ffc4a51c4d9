import { ApiProperty } from '@nestjs/swagger';
import { EmailField, PasswordField } from '../../users/user-fields';

export class LoginRequestDto {
  @ApiProperty({ example: 'test@example.com' })
  @EmailField()
  email: string;

  @ApiProperty({ example: 'password123', description: 'At most 72 bytes; compared exactly as sent' })
  @PasswordField(1)
  password: string;
}
