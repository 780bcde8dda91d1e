import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { CommandReceipt } from '@app/application';

/** What every lifecycle command answers (libs/application `CommandReceipt`), for the document. */
@ApiSchema({ name: 'CommandReceipt', description: 'The designation a command was recorded on, its new revision, and the log position of its last event' })
export class CommandReceiptDto implements CommandReceipt {
  @ApiProperty({ type: String, format: 'uuid', description: 'The designation' })
  id!: string;

  @ApiProperty({ type: 'integer', example: 3, description: 'The revision the command produced; send it as `If-Match: "<revision>"` to base the next change on it (also the ETag)' })
  revision!: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 1042, description: 'The global log position of the last event recorded; pass it as `minPosition` to a read-model read to see this change' })
  position!: number;
}
