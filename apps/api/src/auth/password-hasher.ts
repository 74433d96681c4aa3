import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id hashing behind a class, so unit tests need not spend CPU on it. */
@Injectable()
export class PasswordHasher {
  /** Verified against when an e-mail is unknown, so a wrong e-mail takes as long as a wrong password. */
  private dummy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  async burn(password: string): Promise<void> {
    this.dummy ??= this.hash('atelier-timing-equaliser');
    await this.verify(await this.dummy, password);
  }
}
