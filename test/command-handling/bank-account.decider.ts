import type { Decider } from '@app/command-handling';

/** A toy decider for the tests: nothing of it belongs to the service's domain. */
type Meta = { metadata: { now: string; actor: { id: string; roles: string[] } } };

export type AccountCommand = Meta &
  (
    | { type: 'Open'; data: { account: string; owner: string } }
    | { type: 'Deposit'; data: { account: string; amount: number } }
    | { type: 'Withdraw'; data: { account: string; amount: number } }
    | { type: 'Touch'; data: { account: string } }
  );

export type AccountEvent =
  | { type: 'Opened'; data: { owner: string } }
  | { type: 'Deposited'; data: { amount: number } }
  | { type: 'Withdrawn'; data: { amount: number } };

export type AccountState = { status: 'new' } | { status: 'open'; balance: number };

export class AccountError extends Error {
  constructor(readonly code: 'ACCOUNT.NOT_OPEN' | 'ACCOUNT.ALREADY_OPEN' | 'ACCOUNT.INSUFFICIENT_FUNDS') {
    super(code);
  }
}

export function decide(command: AccountCommand, state: AccountState): AccountEvent[] {
  switch (command.type) {
    case 'Open':
      if (state.status === 'open') throw new AccountError('ACCOUNT.ALREADY_OPEN');
      return [{ type: 'Opened', data: { owner: command.data.owner } }];
    case 'Deposit':
      if (state.status !== 'open') throw new AccountError('ACCOUNT.NOT_OPEN');
      return [{ type: 'Deposited', data: { amount: command.data.amount } }];
    case 'Withdraw':
      if (state.status !== 'open') throw new AccountError('ACCOUNT.NOT_OPEN');
      if (state.balance < command.data.amount) throw new AccountError('ACCOUNT.INSUFFICIENT_FUNDS');
      return [{ type: 'Withdrawn', data: { amount: command.data.amount } }];
    case 'Touch':
      return [];
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolve(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'Opened':
      return { status: 'open', balance: 0 };
    case 'Deposited':
      return state.status === 'open' ? { ...state, balance: state.balance + event.data.amount } : state;
    case 'Withdrawn':
      return state.status === 'open' ? { ...state, balance: state.balance - event.data.amount } : state;
    default: {
      const unknown: never = event;
      throw new Error(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
}

export const account: Decider<AccountCommand, AccountEvent, AccountState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'new' }),
};

export function balanceOf(events: { type: string; data: object }[]): number {
  const state = (events as AccountEvent[]).reduce(evolve, account.initialState());
  return state.status === 'open' ? state.balance : 0;
}
