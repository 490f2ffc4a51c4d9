import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ROLES, Role } from '../../contracts/user-events';
import { NameField, RolesField } from '../user-fields';

/** At least one field; `admin` passes validation but only an admin may grant or remove it (403). */
export class UpdateUserRequestDto {
  @ApiPropertyOptional({ example: 'Jane Doe', minLength: 1, maxLength: 100 })
  @IsOptional()
  @NameField()
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, example: ['buyer', 'seller'], description: 'admin: admins only' })
  @IsOptional()
  @RolesField(ROLES)
  roles?: Role[];
}
