import { BadRequestException, Body, Controller, Delete, Headers, HttpCode, Param, Put, Res } from '@nestjs/common';
import { InstrumentedCommandBus } from '../infrastructure/cqrs/instrumented-command-bus';
import { ApiBearerAuth, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../infrastructure/http/error-response.dto';
import { etagOf, parseIfMatch } from '../infrastructure/http/etag';
import { IdParamDto } from '../infrastructure/http/id-param.dto';
import { CurrentPrincipal, Principal } from '../infrastructure/http/principal';
import { DeleteUserCommand } from './delete-user/delete-user.command';
import { UpdateUserCommand } from './update-user/update-user.command';
import { UpdateUserRequestDto } from './update-user/update-user.request.dto';
import { asHttpError } from './user-errors.http';
import { UserResultResponse } from './user-result.response';
import type { UserResult } from './user-snapshot';

/** Changes to existing users. Reads are served by the read side. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly commands: InstrumentedCommandBus) {}

  @Put(':id')
  @ApiOperation({ summary: 'Change name and/or roles (the user or an admin); publishes UserUpdated' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'An ETag such as "3": 412 unless it is current' })
  @ApiOkResponse({ type: UserResultResponse, description: 'The user after the change; ETag header' })
  @ApiErrors(400, 401, 403, 404, 409, 412, 413, 415, 503)
  async update(
    @Param() { id }: IdParamDto,
    @Body() body: UpdateUserRequestDto,
    @CurrentPrincipal() actor: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserResult> {
    if (body.name === undefined && body.roles === undefined) {
      throw new BadRequestException({
        message: 'validation failed',
        details: [{ field: 'body', reasons: ['body must contain name, roles or both'] }],
      });
    }
    const change = { name: body.name, roles: body.roles };
    const user = await this.commands
      .execute(new UpdateUserCommand(actor, id.toLowerCase(), change, parseIfMatch(ifMatch)))
      .catch((error: unknown) => {
        throw asHttpError(error);
      });
    void reply.header('ETag', etagOf(user.version));
    return user;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user (the user or an admin); publishes UserDeleted' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'An ETag such as "3": 412 unless it is current' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 401, 403, 404, 409, 412, 503)
  async delete(
    @Param() { id }: IdParamDto,
    @CurrentPrincipal() actor: Principal,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.commands
      .execute(new DeleteUserCommand(actor, id.toLowerCase(), parseIfMatch(ifMatch)))
      .catch((error: unknown) => {
        throw asHttpError(error);
      });
  }
}
