import {
  Controller,
  Get,
  Headers,
  NotFoundException,
  Param,
  Query,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../infrastructure/http/error-response.dto';
import { etagOf } from '../infrastructure/http/etag';
import { IdParamDto } from '../infrastructure/http/id-param.dto';
import { GetUserByIdQuery } from './get-user-by-id/get-user-by-id.query';
import { ListUsersByRoleQuery } from './list-users-by-role/list-users-by-role.query';
import { RoleParamDto } from './list-users-by-role/role.request.dto';
import { ListUsersQuery } from './list-users/list-users.query';
import { PageRequestDto } from './list-users/page.request.dto';
import { MinVersion, parseMinVersion } from './min-version';
import { UserPageResponseDto } from './user-page.response.dto';
import type { Page, UserViewResponse } from './user-view.response';
import { UserViewResponseDto } from './user-view.response.dto';
import { UserViews } from './user-views';

const MIN_VERSION_DOC =
  '<userId>:<version>: wait (at most READ_YOUR_WRITES_TIMEOUT_MS) until that user is at this version; 503 past the bound';

/** Every query is served from `users_read`. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersReadController {
  constructor(
    private readonly queries: QueryBus,
    private readonly views: UserViews,
    private readonly config: AppConfig,
  ) {}

  /** Waits, bounded, until the read model reflects the version the client has seen written. */
  private async reach(minVersion: MinVersion | undefined): Promise<void> {
    if (!minVersion) return;
    const reached = await this.views.waitForVersion(
      minVersion.userId,
      minVersion.version,
      this.config.readYourWritesTimeoutMs,
    );
    if (reached === undefined) {
      const { userId, version } = minVersion;
      throw new ServiceUnavailableException(
        `the read model has not reached version ${version} of user ${userId} yet; retry shortly`,
      );
    }
  }

  @Get()
  @ApiOperation({ summary: 'List users, oldest first (createdAt, then id)' })
  @ApiOkResponse({ type: UserPageResponseDto })
  @ApiErrors(400, 401, 503)
  @ApiHeader({ name: 'X-Min-Version', required: false, description: MIN_VERSION_DOC })
  async list(
    @Query() { limit, offset }: PageRequestDto,
    @Headers('x-min-version') minVersion?: string,
  ): Promise<Page<UserViewResponse>> {
    await this.reach(parseMinVersion(minVersion, undefined));
    return this.queries.execute(new ListUsersQuery(limit, offset));
  }

  @Get('by-role/:role')
  @ApiOperation({ summary: 'List users with a role, oldest first' })
  @ApiOkResponse({ type: UserPageResponseDto })
  @ApiErrors(400, 401, 503)
  @ApiHeader({ name: 'X-Min-Version', required: false, description: MIN_VERSION_DOC })
  async listByRole(
    @Param() { role }: RoleParamDto,
    @Query() { limit, offset }: PageRequestDto,
    @Headers('x-min-version') minVersion?: string,
  ): Promise<Page<UserViewResponse>> {
    await this.reach(parseMinVersion(minVersion, undefined));
    return this.queries.execute(new ListUsersByRoleQuery(role, limit, offset));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get one user' })
  @ApiOkResponse({ type: UserViewResponseDto, description: 'ETag header: the version the read model has' })
  @ApiErrors(400, 401, 404, 503)
  @ApiHeader({ name: 'X-Min-Version', required: false, description: 'Wait (bounded) for at least this version' })
  @ApiQuery({ name: 'minVersion', required: false, description: 'Same as X-Min-Version' })
  async get(
    @Param() { id }: IdParamDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-min-version') minVersionHeader?: string,
    @Query('minVersion') minVersionQuery?: string,
  ): Promise<UserViewResponse> {
    const userId = id.toLowerCase();
    await this.reach(parseMinVersion(minVersionHeader, minVersionQuery, userId));
    const user = await this.queries.execute(new GetUserByIdQuery(userId));
    if (!user) throw new NotFoundException('user not found');
    void reply.header('ETag', etagOf(user.version));
    return user;
  }
}
