import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
export const MAX_OFFSET = 1_000_000;

/** Plain decimal digits only: "1e3", "0x10", "1.5" and "" are not numbers here. */
const decimal = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? (/^-?\d{1,16}$/.test(value) ? Number(value) : NaN) : value;

/** `?limit=&offset=`: integers only; anything else is a 400, never a clamp. */
export class PageRequestDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @Transform(decimal)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @Transform(decimal)
  @IsInt({ message: 'offset must be an integer' })
  @Min(0)
  @Max(MAX_OFFSET)
  offset: number = 0;
}
