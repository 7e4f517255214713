import { startSmtpCatcher, type SmtpCatcher } from '@rammeaftale/testing';
import {
  classifySmtpFailure,
  createMailTransport,
  isBounce,
  isTlsFailure,
  rejectedRecipients,
  type MailTransport,
} from '../src';

describe('mail transport against a real SMTP server', () => {
  let smtp: SmtpCatcher;
  let transport: MailTransport;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    transport = createMailTransport({ smtpUrl: smtp.url, socketTimeoutMs: 5000 });
  });
  afterAll(async () => {
    transport.close();
    await smtp.close();
  });
  beforeEach(() => {
    smtp.clear();
    smtp.failData(null);
    smtp.failRecipient(null);
  });

  it('When a letter is sent, then the server receives it with Danish text intact and our Message-ID', async () => {
    await transport.sendMail({
      from: 'Rammeaftale Sjælland <noreply@rammeaftale.test>',
      to: 'leverandor@example.test',
      subject: 'Orientering om takststigninger',
      text: 'Kære leverandør, æ ø å.',
      messageId: '<abc@rammeaftale.test>',
    });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toBe('Orientering om takststigninger');
    expect(mail?.text).toContain('æ ø å');
    expect(mail?.messageId).toBe('<abc@rammeaftale.test>');
  });

  it('When the server answers 451, then the failure is temporary', async () => {
    smtp.failData({ code: 451, message: '4.3.0 Try again later' });
    const err = await transport
      .sendMail({ from: 'a@x.test', to: 'b@x.test', text: 'x' })
      .catch((e: unknown) => e);
    expect(classifySmtpFailure(err)).toBe('temporary');
  });

  it('When the server answers 550, then the failure is permanent', async () => {
    smtp.failData({ code: 550, message: '5.7.1 Rejected' });
    const err = await transport
      .sendMail({ from: 'a@x.test', to: 'b@x.test', text: 'x' })
      .catch((e: unknown) => e);
    expect(classifySmtpFailure(err)).toBe('permanent');
  });

  it('When one of two recipients is refused, then the refusal is visible, not hidden in a success', async () => {
    smtp.failRecipient((a) => a.startsWith('bad'));
    const info = await transport.sendMail({
      from: 'a@x.test',
      to: ['good@x.test', 'bad@x.test'],
      text: 'x',
    });
    expect(rejectedRecipients(info)).toEqual(['bad@x.test']);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelopeTo).toEqual(['good@x.test']);
  });

  it('When every recipient is refused with 550, then the failure is a permanent bounce', async () => {
    smtp.failRecipient(() => true);
    const err = await transport
      .sendMail({ from: 'a@x.test', to: 'b@x.test', text: 'x' })
      .catch((e: unknown) => e);
    expect(classifySmtpFailure(err)).toBe('permanent');
    expect(isBounce(err)).toBe(true);
    expect(isTlsFailure(err)).toBe(false);
  });

  it('When TLS is required and the server offers no STARTTLS, then nothing is sent and the failure is a permanent TLS failure, not a bounce', async () => {
    const strict = createMailTransport({
      smtpUrl: smtp.url,
      socketTimeoutMs: 5000,
      requireTls: true,
    });
    try {
      const err = await strict
        .sendMail({ from: 'a@x.test', to: 'b@x.test', text: 'x' })
        .catch((e: unknown) => e);
      expect(isTlsFailure(err)).toBe(true);
      expect(classifySmtpFailure(err)).toBe('permanent');
      expect(isBounce(err)).toBe(false);
      expect(smtp.messages).toHaveLength(0);
    } finally {
      strict.close();
    }
  });
});
