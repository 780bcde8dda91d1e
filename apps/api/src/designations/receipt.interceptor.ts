import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { CommandReceipt } from '@app/application';

/** Every command answer carries the new revision as its ETag; a new designation also its Location. */
@Injectable()
export class ReceiptInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<CommandReceipt>): Observable<CommandReceipt> {
    const http = context.switchToHttp();
    const reply = http.getResponse<{ header(name: string, value: string): unknown; statusCode: number }>();
    return next.handle().pipe(
      map((receipt) => {
        reply.header('etag', `"${receipt.revision}"`);
        if (reply.statusCode === 201) reply.header('location', `/designations/${receipt.id}`);
        return receipt;
      }),
    );
  }
}
