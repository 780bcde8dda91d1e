import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** A release's id in a path: its SHA-256 in lowercase hex. */
@Injectable()
export class ReleaseHashPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[0-9a-f]{64}$/.test(value)) throw new BadRequestException('A release is named by its SHA-256: 64 lowercase hex digits');
    return value;
  }
}
