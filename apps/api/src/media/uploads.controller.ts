import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { UploadsEndpoint } from './uploads.endpoint.js';

/**
 * Resumable uploads (tus 1.0: POST declares, HEAD asks the offset, PATCH appends, DELETE cancels).
 * Routed through Nest so the global auth guard resolves the session and checks the CSRF header
 * first; the tus server then streams the body into S3 without buffering it.
 */
@ApiExcludeController()
@Controller('api/uploads')
export class UploadsController {
  constructor(private readonly endpoint: UploadsEndpoint) {}

  @All()
  create(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.endpoint.handle(req, res);
  }

  @All(':id')
  upload(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.endpoint.handle(req, res);
  }
}
