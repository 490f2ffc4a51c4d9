import { Body, Controller, HttpCode, Post, Res, UnauthorizedException, UseGuards } from '@nestjs/common';
import { InstrumentedCommandBus } from '../infrastructure/cqrs/instrumented-command-bus';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../infrastructure/http/error-response.dto';
import { UserResultResponse } from '../users/user-result.response';
import { AccessTokenResponse } from './access-token.response';
import { etagOf } from '../infrastructure/http/etag';
import { asHttpError } from '../users/user-errors.http';
import { RegisterUserCommand } from '../users/register-user/register-user.command';
import { RegisterUserRequestDto } from '../users/register-user/register-user.request.dto';
import type { UserResult } from '../users/user-snapshot';
import { InvalidCredentialsError } from './login/invalid-credentials.error';
import { LoginCommand } from './login/login.command';
import { LoginRequestDto } from './login/login.request.dto';
import { Public } from '../infrastructure/http/public.decorator';
import type { AccessToken } from './token.service';

@ApiTags('auth')
@Controller('api/v1/auth')
@Public()
@UseGuards(ThrottlerGuard)
export class AuthController {
  constructor(private readonly commands: InstrumentedCommandBus) {}

  @Post('register')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a user; publishes UserCreated' })
  @ApiCreatedResponse({ type: UserResultResponse, description: 'The new user; ETag and Location headers' })
  @ApiErrors(400, 409, 413, 415, 429, 503)
  async register(
    @Body() body: RegisterUserRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserResult> {
    const user = await this.commands
      .execute(new RegisterUserCommand(body.email, body.password, body.name, body.roles ?? ['buyer']))
      .catch((error: unknown) => {
        throw asHttpError(error);
      });
    void reply.header('ETag', etagOf(user.version)).header('Location', `/api/v1/users/${user.id}`);
    return user;
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for an access token' })
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiErrors(400, 401, 413, 415, 429, 503)
  async login(@Body() body: LoginRequestDto): Promise<AccessToken> {
    try {
      return await this.commands.execute(new LoginCommand(body.email, body.password));
    } catch (error) {
      if (error instanceof InvalidCredentialsError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}
