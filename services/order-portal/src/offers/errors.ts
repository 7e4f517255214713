/**
 * What a use case can refuse, without knowing about HTTP. The routes map these to problem+json
 * (404, 403, 400, 409); anything else is a bug and becomes a 500.
 */
export class NotFoundError extends Error {
  constructor(readonly what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

export class NotAllowedError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'NotAllowedError';
  }
}

export interface InputProblem {
  field: string;
  code: string;
  message: string;
}

export class InvalidInputError extends Error {
  constructor(readonly problems: InputProblem[]) {
    super(`${problems.length} field(s) failed validation`);
    this.name = 'InvalidInputError';
  }
}

export class ConflictError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'ConflictError';
  }
}
