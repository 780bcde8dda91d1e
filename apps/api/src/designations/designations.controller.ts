import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { instanceToPlain } from 'class-transformer';
import { Roles } from '../auth/auth.decorators';
import { Command, type CommandRequest } from './command-request';
import { ProposeDesignationDto } from './dto/designation-terms.dto';
import {
  AmendDesignationDto,
  ApproveDesignationDto,
  CompleteReviewDto,
  EscalateMeasuresDto,
  ExtendSunsetDto,
  GrantExemptionDto,
  LiftDesignationDto,
  ReasonDto,
  RecordCourtOrderDto,
  RecordRepresentationDto,
  RecordTargetNotificationDto,
  RollBackMeasuresDto,
} from './dto/lifecycle-commands.dto';
import { Designations } from '@app/application';
import { ParseIdPipe } from './dto/validation';
import { ReceiptInterceptor } from './receipt.interceptor';

const Uuid = () => new ParseUUIDPipe();

/** The validated DTO as the plain JSON the command carries: the one conversion a body goes through before the store. */
const plain = (body: object): object => instanceToPlain(body);

/** Every lifecycle command of DOMAIN.md, one route each; the decider decides, this only translates. */
@ApiTags('designations')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first response and records nothing new' })
@ApiHeader({ name: 'If-Match', required: false, description: 'The ETag (revision) the change is based on; a stale one is refused with 412' })
@Controller('designations')
@UseInterceptors(ReceiptInterceptor)
export class DesignationsController {
  constructor(private readonly designations: Designations) {}

  @Post()
  @Roles('official')
  propose(@Body() body: ProposeDesignationDto, @Command() request: CommandRequest) {
    return this.designations.propose(plain(body), request);
  }

  @Post(':id/approve') @HttpCode(200) @Roles('senior_official')
  approve(@Param('id', Uuid()) id: string, @Body() body: ApproveDesignationDto, @Command() request: CommandRequest) {
    return this.designations.execute('ApproveDesignation', id, plain(body), request);
  }

  @Post(':id/reject') @HttpCode(200) @Roles('senior_official')
  reject(@Param('id', Uuid()) id: string, @Body() body: ReasonDto, @Command() request: CommandRequest) {
    return this.designations.execute('RejectProposal', id, plain(body), request);
  }

  @Post(':id/withdraw') @HttpCode(200) @Roles('official', 'senior_official')
  withdraw(@Param('id', Uuid()) id: string, @Body() body: ReasonDto, @Command() request: CommandRequest) {
    return this.designations.execute('WithdrawProposal', id, plain(body), request);
  }

  @Post(':id/escalations') @HttpCode(200) @Roles('senior_official')
  escalate(@Param('id', Uuid()) id: string, @Body() body: EscalateMeasuresDto, @Command() request: CommandRequest) {
    return this.designations.execute('EscalateMeasures', id, plain(body), request);
  }

  @Post(':id/exemptions') @HttpCode(200) @Roles('official', 'senior_official')
  grantExemption(@Param('id', Uuid()) id: string, @Body() body: GrantExemptionDto, @Command() request: CommandRequest) {
    return this.designations.execute('GrantExemption', id, plain(body), request);
  }

  @Post(':id/exemptions/:exemptionId/revoke') @HttpCode(200) @Roles('official', 'senior_official')
  revokeExemption(
    @Param('id', Uuid()) id: string,
    @Param('exemptionId', ParseIdPipe) exemptionId: string,
    @Body() body: ReasonDto,
    @Command() request: CommandRequest,
  ) {
    return this.designations.execute('RevokeExemption', id, { ...plain(body), exemptionId }, request);
  }

  @Post(':id/notifications') @HttpCode(200) @Roles('official')
  notify(@Param('id', Uuid()) id: string, @Body() body: RecordTargetNotificationDto, @Command() request: CommandRequest) {
    return this.designations.execute('RecordTargetNotification', id, plain(body), request);
  }

  @Post(':id/representations') @HttpCode(200) @Roles('official')
  represent(@Param('id', Uuid()) id: string, @Body() body: RecordRepresentationDto, @Command() request: CommandRequest) {
    return this.designations.execute('RecordRepresentation', id, plain(body), request);
  }

  @Post(':id/reviews') @HttpCode(200) @Roles('reviewer')
  review(@Param('id', Uuid()) id: string, @Body() body: CompleteReviewDto, @Command() request: CommandRequest) {
    return this.designations.execute('CompleteReview', id, plain(body), request);
  }

  @Post(':id/rollbacks') @HttpCode(200) @Roles('senior_official')
  rollBack(@Param('id', Uuid()) id: string, @Body() body: RollBackMeasuresDto, @Command() request: CommandRequest) {
    return this.designations.execute('RollBackMeasures', id, plain(body), request);
  }

  @Post(':id/sunset-extensions') @HttpCode(200) @Roles('senior_official')
  extend(@Param('id', Uuid()) id: string, @Body() body: ExtendSunsetDto, @Command() request: CommandRequest) {
    return this.designations.execute('ExtendSunset', id, plain(body), request);
  }

  @Post(':id/lift') @HttpCode(200) @Roles('senior_official')
  lift(@Param('id', Uuid()) id: string, @Body() body: LiftDesignationDto, @Command() request: CommandRequest) {
    return this.designations.execute('LiftDesignation', id, plain(body), request);
  }

  @Post(':id/court-orders') @HttpCode(200) @Roles('court')
  courtOrder(@Param('id', Uuid()) id: string, @Body() body: RecordCourtOrderDto, @Command() request: CommandRequest) {
    return this.designations.execute('RecordCourtOrder', id, plain(body), request);
  }

  @Post(':id/amendments') @HttpCode(200) @Roles('official', 'senior_official')
  amend(@Param('id', Uuid()) id: string, @Body() body: AmendDesignationDto, @Command() request: CommandRequest) {
    return this.designations.execute('AmendDesignation', id, plain(body), request);
  }
}
