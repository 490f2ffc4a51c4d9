import { ExecutionContext, Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { JwtAuthGuard } from './jwt-auth.guard';
import { LoginHandler } from './login/login.handler';
import { TokenService } from './token.service';

/** Registration and login over HTTP, token issuing, and the global guard that checks tokens. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: ({ jwt }: AppConfig) => ({
        // A KeyObject, made once: given a string, jsonwebtoken first tries (and fails) to read
        // it as a public key on every verification, which costs more than the HMAC itself.
        secret: createSecretKey(Buffer.from(jwt.secret, 'utf8')),
        signOptions: {
          algorithm: 'HS256',
          expiresIn: jwt.expiresInSeconds,
          issuer: jwt.issuer,
          audience: jwt.audience,
        },
        verifyOptions: { algorithms: ['HS256'], issuer: jwt.issuer, audience: jwt.audience },
      }),
    }),
    UsersModule,
    // Per client address (Fastify's request.ip, which honours TRUST_PROXY), per route.
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          {
            ttl: 60_000,
            limit: (context: ExecutionContext) =>
              context.getHandler().name === 'login'
                ? config.rateLimits.loginPerMinute
                : config.rateLimits.registerPerMinute,
          },
        ],
        errorMessage: 'too many requests from this address; retry later',
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [TokenService, LoginHandler, { provide: APP_GUARD, useClass: JwtAuthGuard }],
})
export class AuthModule {}
