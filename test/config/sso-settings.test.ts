import assert from 'node:assert/strict';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { JIT_REQUIRES_FEDERATION_ID } from '../../src/config/sso-settings.js';
import { FIXTURES, assertIssue, configErrorOf, parse, ssoSetting } from './helpers.js';

const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const withSetting = (overrides: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({
  ...rest,
  ssoSettings: [ssoSetting(overrides)],
});

const admin = {
  username: 'admin@example.com',
  email: 'admin@example.com',
  lastName: 'Admin',
  profile: 'System Administrator',
};
const runner = {
  username: 'runner@example.com',
  email: 'runner@example.com',
  lastName: 'Runner',
  profile: 'Runner',
};
const profiles = [
  {
    name: 'System Administrator',
    permissions: ['ViewSetup', 'CustomizeApplication', 'ModifyAllData', 'ManageUsers'],
  },
  { name: 'Standard User', permissions: [] },
  { name: 'Auditor', permissions: ['ViewSetup', 'MonitorLoginHistory'] },
  { name: 'Runner', permissions: ['ManageUsers', 'ApiEnabled'] },
  { name: 'Customizer', permissions: ['CustomizeApplication'] },
  { name: 'Data Admin', permissions: ['ModifyAllData'] },
];
const customJit = {
  enabled: true,
  type: 'custom',
  handler: './handler.js',
  executeHandlerAs: 'runner@example.com',
};

describe('SSO setting identity', () => {
  it('requires a well-formed, unique apiName and a unique spEntityId', () => {
    assertIssue(withSetting({ apiName: 'my-idp' }), 'ssoSettings[0].apiName', 'letters, digits and _');
    assertIssue(withSetting({ apiName: '1dp' }), 'ssoSettings[0].apiName', 'start with a letter');
    const twice = {
      ssoSettings: [ssoSetting(), ssoSetting({ apiName: 'main', spEntityId: 'https://sp.example.com/2' })],
    };
    assertIssue(twice, 'ssoSettings[1].apiName', 'duplicate apiName "main"');
    const sameEntity = { ssoSettings: [ssoSetting(), ssoSetting({ apiName: 'Other' })] };
    assertIssue(sameEntity, 'ssoSettings[1].spEntityId', 'duplicate spEntityId');
  });

  it('validates the enumerations and ranges', () => {
    assertIssue(withSetting({ identityType: 'Email' }), 'ssoSettings[0].identityType', '"FederationId"');
    assertIssue(withSetting({ requestBinding: 'SOAP' }), 'ssoSettings[0].requestBinding', '"HTTP-POST"');
    assertIssue(
      withSetting({ signatureRequirement: 'none' }),
      'ssoSettings[0].signatureRequirement',
      '"either"',
    );
    assertIssue(
      withSetting({ clockSkewSeconds: 301 }),
      'ssoSettings[0].clockSkewSeconds',
      'between 0 and 300',
    );
    assertIssue(
      withSetting({ clockSkewSeconds: -1 }),
      'ssoSettings[0].clockSkewSeconds',
      'between 0 and 300',
    );
    assertIssue(withSetting({ sessionHours: 0 }), 'ssoSettings[0].sessionHours', 'greater than 0');
    assertIssue(withSetting({ allowSha1: 'no' }), 'ssoSettings[0].allowSha1', 'true or false');
  });

  it('reads the identity from the NameID or a named attribute', () => {
    const config = parse(withSetting({ identityLocation: { kind: 'attribute', name: 'employeeId' } }));
    assert.deepEqual(config.ssoSettings[0]?.identityLocation, { kind: 'attribute', name: 'employeeId' });
    assertIssue(
      withSetting({ identityLocation: { kind: 'attribute' } }),
      'ssoSettings[0].identityLocation.name',
      'required',
    );
    assertIssue(
      withSetting({ identityLocation: { kind: 'email' } }),
      'ssoSettings[0].identityLocation.kind',
      '"nameid"',
    );
    assertIssue(
      withSetting({ identityLocation: { kind: 'nameid', name: 'x' } }),
      'ssoSettings[0].identityLocation.name',
      'unknown key',
    );
  });

  it('checks URLs', () => {
    assertIssue(
      withSetting({ idpLoginUrl: 'idp.example.com/sso' }),
      'ssoSettings[0].idpLoginUrl',
      'absolute',
    );
    assertIssue(
      withSetting({ idpLogoutUrl: 'javascript:alert(1)' }),
      'ssoSettings[0].idpLogoutUrl',
      'http://',
    );
    assertIssue(
      withSetting({ customErrorUrl: '//evil.example' }),
      'ssoSettings[0].customErrorUrl',
      'path starting with "/"',
    );
    const config = parse(
      withSetting({ idpLoginUrl: 'https://idp.example.com/sso?app=1', customErrorUrl: '/sso-error' }),
    );
    assert.equal(config.ssoSettings[0]?.idpLoginUrl, 'https://idp.example.com/sso?app=1');
    assert.equal(config.ssoSettings[0]?.customErrorUrl, '/sso-error');
  });
});

describe('SSO setting certificates', () => {
  it('reads file: certificates relative to baseDir and returns canonical PEM', () => {
    const config = parse(
      withSetting({ idpCertificates: ['file:ec-idp.crt', fixture('test-only-sp-signing.crt')] }),
    );
    const certificates = config.ssoSettings[0]?.idpCertificates ?? [];
    assert.equal(certificates.length, 2);
    assert.equal(new X509Certificate(certificates[0] ?? '').subject, 'CN=frontdesk-test-ec-idp');
    assert.equal(new X509Certificate(certificates[1] ?? '').subject, 'CN=frontdesk-test-sp-signing');
  });

  it('accepts bare base64 DER as found in IdP metadata', () => {
    const der = new X509Certificate(fixture('ec-idp.crt')).raw.toString('base64');
    const config = parse(withSetting({ idpCertificates: [der] }));
    assert.equal(
      config.ssoSettings[0]?.idpCertificates[0],
      new X509Certificate(fixture('ec-idp.crt')).toString(),
    );
  });

  it('requires at least one certificate', () => {
    assertIssue(withSetting({ idpCertificates: [] }), 'ssoSettings[0].idpCertificates', 'at least one');
  });

  it('reports a missing file with the path it resolved to', () => {
    assertIssue(
      withSetting({ idpCertificates: ['file:nope.crt'] }),
      'ssoSettings[0].idpCertificates[0]',
      'file not found',
    );
    assertIssue(
      withSetting({ idpCertificates: ['file:nope.crt'] }),
      'ssoSettings[0].idpCertificates[0]',
      join(FIXTURES, 'nope.crt'),
    );
    assertIssue(
      withSetting({ idpCertificates: ['file:'] }),
      'ssoSettings[0].idpCertificates[0]',
      'followed by a path',
    );
    assertIssue(
      withSetting({ idpCertificates: ['file:.'] }),
      'ssoSettings[0].idpCertificates[0]',
      'not a regular file',
    );
  });

  it('reports bad PEM precisely', () => {
    const broken = fixture('ec-idp.crt').replace(/[A-Za-z]{12}/, 'AAAAAAAAAAAA');
    const cases: Array<[string, string]> = [
      [
        '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----',
        'not a valid X.509 certificate',
      ],
      [broken, 'not a valid X.509 certificate'],
      ['hello world', 'not a PEM certificate'],
      ['file:test-only-sp-signing.key', 'contains PRIVATE KEY, not a CERTIFICATE'],
      [fixture('ec-idp.crt') + fixture('test-only-sp-signing.crt'), 'list each certificate as its own entry'],
      ['file:ed25519.crt', 'only RSA and EC'],
    ];
    for (const [value, fragment] of cases) {
      assertIssue(
        withSetting({ idpCertificates: ['file:ec-idp.crt', value] }),
        'ssoSettings[0].idpCertificates[1]',
        fragment,
      );
    }
  });

  it('reports every bad certificate of every setting at once', () => {
    const raw = {
      ssoSettings: [
        ssoSetting({ idpCertificates: ['file:a.crt', 'file:b.crt'] }),
        ssoSetting({ apiName: 'Two', spEntityId: 'two', idpCertificates: ['junk!'] }),
      ],
    };
    const error = configErrorOf(() => parse(raw));
    assert.deepEqual(
      error.issues.map((issue) => issue.path),
      [
        'ssoSettings[0].idpCertificates[0]',
        'ssoSettings[0].idpCertificates[1]',
        'ssoSettings[1].idpCertificates[0]',
      ],
    );
  });
});

describe('SSO setting request signing and decryption keys', () => {
  it('requires a signing key when signRequests is on', () => {
    assertIssue(
      withSetting({ signRequests: true }),
      'ssoSettings[0].requestSigningKey',
      'required when signRequests',
    );
  });

  it('loads a key and its matching certificate', () => {
    const config = parse(
      withSetting({
        signRequests: true,
        requestSigningKey: 'file:test-only-sp-signing.key',
        requestSigningCertificate: 'file:test-only-sp-signing.crt',
        decryptionKey: fixture('test-only-sp-signing.key'),
      }),
    );
    const setting = config.ssoSettings[0];
    assert.match(setting?.requestSigningKey ?? '', /^-----BEGIN PRIVATE KEY-----/);
    assert.match(setting?.requestSigningCertificate ?? '', /^-----BEGIN CERTIFICATE-----/);
    assert.match(setting?.decryptionKey ?? '', /^-----BEGIN PRIVATE KEY-----/);
  });

  it('refuses a certificate that does not match the key', () => {
    assertIssue(
      withSetting({
        requestSigningKey: 'file:test-only-sp-signing.key',
        requestSigningCertificate: 'file:ec-idp.crt',
      }),
      'ssoSettings[0].requestSigningCertificate',
      'does not match requestSigningKey',
    );
  });

  it('refuses unreadable, encrypted or wrong-kind keys', () => {
    const { privateKey: encrypted } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' },
    });
    const { privateKey: ed25519 } = generateKeyPairSync('ed25519', {
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    assertIssue(
      withSetting({ requestSigningKey: encrypted }),
      'ssoSettings[0].requestSigningKey',
      'encrypted',
    );
    assertIssue(
      withSetting({ requestSigningKey: ed25519 }),
      'ssoSettings[0].requestSigningKey',
      'only RSA and EC',
    );
    assertIssue(
      withSetting({ decryptionKey: 'file:ec-idp.crt' }),
      'ssoSettings[0].decryptionKey',
      'not a PEM private key',
    );
    assertIssue(
      withSetting({ decryptionKey: 'file:missing.key' }),
      'ssoSettings[0].decryptionKey',
      'file not found',
    );
    assertIssue(
      withSetting({ decryptionKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }),
      'ssoSettings[0].decryptionKey',
      'not a valid private key',
    );
  });
});

describe('JIT rules', () => {
  it('refuses JIT with an identity type other than Federation ID, with the exact guidance', () => {
    for (const identityType of ['Username', 'UserId']) {
      const error = configErrorOf(() => parse(withSetting({ identityType, jit: { enabled: true } })));
      assert.deepEqual(error.issues, [
        { path: 'ssoSettings[0].jit.enabled', message: JIT_REQUIRES_FEDERATION_ID },
      ]);
    }
    assert.equal(
      JIT_REQUIRES_FEDERATION_ID,
      "Just-in-time provisioning requires Identity Type = Federation ID; switch this setting's identityType to 'FederationId'",
    );
    assert.doesNotThrow(() => parse(withSetting({ identityType: 'Username', jit: { enabled: false } })));
  });

  it('requires handler and executeHandlerAs for a custom handler', () => {
    const raw = withSetting({ jit: { type: 'custom' } }, { profiles, users: [runner] });
    assertIssue(raw, 'ssoSettings[0].jit.handler', 'required when type is "custom"');
    assertIssue(raw, 'ssoSettings[0].jit.executeHandlerAs', 'required when type is "custom"');
  });

  it('resolves the handler path against baseDir and requires the file to exist', () => {
    const config = parse(
      withSetting({ jit: { ...customJit, handler: './ec-idp.crt' } }, { profiles, users: [runner] }),
    );
    const jit = config.ssoSettings[0]?.jit;
    assert.equal(jit?.type, 'custom');
    if (jit?.type === 'custom') {
      assert.equal(jit.handler, join(FIXTURES, 'ec-idp.crt'));
      assert.equal(jit.executeHandlerAs, 'runner@example.com');
    }
    assertIssue(
      withSetting({ jit: customJit }, { profiles, users: [runner] }),
      'ssoSettings[0].jit.handler',
      `handler module not found: ${join(FIXTURES, 'handler.js')}`,
    );
    const bare = parse(
      withSetting({ jit: { ...customJit, handler: '@acme/jit-handler' } }, { profiles, users: [runner] }),
    );
    assert.equal(
      bare.ssoSettings[0]?.jit.type === 'custom' && bare.ssoSettings[0].jit.handler,
      '@acme/jit-handler',
    );
  });

  it('requires the execution user to exist and to hold ManageUsers', () => {
    const handler = './ec-idp.crt';
    assertIssue(
      withSetting(
        { jit: { ...customJit, handler, executeHandlerAs: 'runer@example.com' } },
        { profiles, users: [runner] },
      ),
      'ssoSettings[0].jit.executeHandlerAs',
      'unknown user "runer@example.com"; executeHandlerAs must name a user declared under "users" (did you mean "runner@example.com"?)',
    );
    const auditor = { ...runner, profile: 'Auditor' };
    assertIssue(
      withSetting({ jit: { ...customJit, handler } }, { profiles, users: [auditor] }),
      'ssoSettings[0].jit.executeHandlerAs',
      'lacks the ManageUsers permission',
    );
  });

  it('refuses handler settings on a standard setting rather than ignoring them', () => {
    const raw = withSetting(
      { jit: { enabled: true, handler: './x.js', executeHandlerAs: 'admin@example.com' } },
      { users: [admin] },
    );
    assertIssue(raw, 'ssoSettings[0].jit.handler', 'only used when type is "custom"');
    assertIssue(raw, 'ssoSettings[0].jit.executeHandlerAs', 'only used when type is "custom"');
  });

  it('by default lets JIT assign only profiles without administrative permissions (setup and login history count)', () => {
    const config = parse(
      withSetting({ jit: { enabled: true } }, { profiles, roles: [{ name: 'CEO' }, { name: 'Rep' }] }),
    );
    assert.deepEqual(config.ssoSettings[0]?.jit.allowedProfiles, ['Standard User']);
    assert.deepEqual(config.ssoSettings[0]?.jit.allowedRoles, ['CEO', 'Rep']);
  });

  it('lets an explicit list allow an administrative profile', () => {
    const jit = { enabled: true, allowedProfiles: ['System Administrator'], allowedRoles: [] };
    const config = parse(withSetting({ jit }, { profiles }));
    assert.deepEqual(config.ssoSettings[0]?.jit.allowedProfiles, ['System Administrator']);
    assert.deepEqual(config.ssoSettings[0]?.jit.allowedRoles, []);
  });

  it('requires allowed profiles and roles to be declared and listed once', () => {
    assertIssue(
      withSetting({ jit: { allowedProfiles: ['Standard User', 'Standard Users'] } }),
      'ssoSettings[0].jit.allowedProfiles[1]',
      'unknown profile "Standard Users" (did you mean "Standard User"?)',
    );
    assertIssue(
      withSetting({ jit: { allowedProfiles: ['Standard User', 'Standard User'] } }),
      'ssoSettings[0].jit.allowedProfiles[1]',
      'duplicate',
    );
    assertIssue(
      withSetting({ jit: { allowedRoles: ['CEO'] } }),
      'ssoSettings[0].jit.allowedRoles[0]',
      'unknown role "CEO"',
    );
  });

  it('refuses unknown JIT keys with a suggestion', () => {
    assertIssue(
      withSetting({ jit: { enable: true } }),
      'ssoSettings[0].jit.enable',
      'did you mean "enabled"?',
    );
    assertIssue(withSetting({ jti: {} }), 'ssoSettings[0].jti', 'did you mean "jit"?');
  });
});
