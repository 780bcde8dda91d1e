/** A page that needs a signed-in user, asked for without one: the browser is sent to sign in. */
export class SignInRequired extends Error {
  constructor(readonly returnTo: string) {
    super('Sign in to continue');
  }
}

/** A form post without this session's CSRF token: refused, and nothing it asked for is done. */
export class CsrfRefused extends Error {
  constructor() {
    super('The form was not sent from a page of this service, or it has expired');
  }
}
