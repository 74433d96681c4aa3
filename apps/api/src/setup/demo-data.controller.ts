import { Role, type DemoDataRemoved, type DemoDataSummary } from '@atelier/contracts';
import { Controller, Delete, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { DemoDataService } from './demo-data.service.js';

@ApiTags('organisation')
@Controller('api/organisation/demo-data')
@Roles(Role.Admin)
export class DemoDataController {
  constructor(private readonly demo: DemoDataService) {}

  @Get()
  summary(@Auth() who: AuthUser): Promise<DemoDataSummary> {
    return this.demo.summary(who);
  }

  @Delete()
  remove(@Auth() who: AuthUser): Promise<DemoDataRemoved> {
    return this.demo.remove(who);
  }
}
