import type { KeyObject } from 'node:crypto';
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { certificateMatchesKey, loadCertificate, loadPrivateKey } from './key-material.js';
import { isAdministrativeProfile } from './permissions.js';
import { checkReference, checkUnique, type IssueCollector } from './references.js';
import type { ConfigFileShape } from './schema.js';
import { withSuggestion } from './suggest.js';
import type { JitConfig, SsoEndpoints, SsoSettingConfig } from './types.js';

type SettingShape = ConfigFileShape['ssoSettings'][number];
type Path = Array<string | number>;

/** The message refusing JIT for an identity type other than Federation ID. */
export const JIT_REQUIRES_FEDERATION_ID =
  "Just-in-time provisioning requires Identity Type = Federation ID; switch this setting's identityType to 'FederationId'";

/** What resolving a setting needs from the rest of the configuration. */
export interface SettingContext {
  baseUrl: string;
  baseDir: string;
  maxBodyBytes: number;
}

/**
 * The endpoints generated for a setting.
 *
 * @example
 * ssoEndpoints('https://sp.example.com', 'Okta').acsUrl; // 'https://sp.example.com/sp/saml/acs/Okta'
 */
export function ssoEndpoints(baseUrl: string, apiName: string): SsoEndpoints {
  return {
    acsUrl: `${baseUrl}/sp/saml/acs/${apiName}`,
    loginUrl: `${baseUrl}/sp/saml/login/${apiName}`,
    logoutUrl: `${baseUrl}/sp/saml/logout/${apiName}`,
    metadataUrl: `${baseUrl}/sp/saml/metadata/${apiName}`,
    tokenUrl: `${baseUrl}/sp/oauth2/token/${apiName}`,
  };
}

/**
 * Checks every SSO setting (uniqueness, certificates and keys, JIT rules) and builds the
 * resolved settings. Problems go to `issues`; the returned list is only meaningful when none
 * were added.
 */
export function resolveSsoSettings(
  config: ConfigFileShape,
  context: SettingContext,
  issues: IssueCollector,
): SsoSettingConfig[] {
  const settings = config.ssoSettings;
  checkUnique(
    settings,
    (s) => s.apiName,
    (i) => ['ssoSettings', i, 'apiName'],
    'apiName',
    issues,
    {
      ignoreCase: true,
    },
  );
  checkUnique(
    settings,
    (s) => s.spEntityId,
    (i) => ['ssoSettings', i, 'spEntityId'],
    'spEntityId',
    issues,
    {
      ignoreCase: false,
    },
  );
  return settings.map((setting, index) =>
    resolveSetting(setting, ['ssoSettings', index], config, context, issues),
  );
}

function resolveSetting(
  setting: SettingShape,
  path: Path,
  config: ConfigFileShape,
  context: SettingContext,
  issues: IssueCollector,
): SsoSettingConfig {
  const idpCertificates = setting.idpCertificates.flatMap((value, i) => {
    const loaded = loadCertificate(value, context.baseDir);
    if (loaded.ok) return [loaded.value];
    issues.add([...path, 'idpCertificates', i], loaded.message);
    return [];
  });

  const signingKey = optionalKey(setting.requestSigningKey, [...path, 'requestSigningKey'], context, issues);
  if (setting.signRequests && setting.requestSigningKey === undefined) {
    issues.add([...path, 'requestSigningKey'], 'is required when signRequests is true');
  }
  let signingCertificate: string | undefined;
  if (setting.requestSigningCertificate !== undefined) {
    const loaded = loadCertificate(setting.requestSigningCertificate, context.baseDir);
    if (!loaded.ok) issues.add([...path, 'requestSigningCertificate'], loaded.message);
    else if (signingKey !== undefined && !certificateMatchesKey(loaded.value, signingKey.key)) {
      issues.add([...path, 'requestSigningCertificate'], 'does not match requestSigningKey');
    } else signingCertificate = loaded.value;
  }
  const decryptionKey = optionalKey(setting.decryptionKey, [...path, 'decryptionKey'], context, issues);

  const resolved: SsoSettingConfig = {
    name: setting.name,
    apiName: setting.apiName,
    idpIssuer: setting.idpIssuer,
    idpCertificates,
    spEntityId: setting.spEntityId,
    identityType: setting.identityType,
    identityLocation:
      setting.identityLocation.kind === 'nameid'
        ? { kind: 'nameid' }
        : { kind: 'attribute', name: setting.identityLocation.name },
    requestBinding: setting.requestBinding,
    signRequests: setting.signRequests,
    allowUnsolicited: setting.allowUnsolicited,
    allowSha1: setting.allowSha1,
    clockSkewSeconds: setting.clockSkewSeconds,
    signatureRequirement: setting.signatureRequirement,
    sessionHours: setting.sessionHours,
    jit: resolveJit(setting, [...path, 'jit'], config, context, issues),
    endpoints: ssoEndpoints(context.baseUrl, setting.apiName),
    maxResponseBytes: context.maxBodyBytes,
  };
  // Optional keys are left out rather than set to undefined, so the object prints cleanly.
  return {
    ...resolved,
    ...(setting.idpLoginUrl !== undefined && { idpLoginUrl: setting.idpLoginUrl }),
    ...(setting.idpLogoutUrl !== undefined && { idpLogoutUrl: setting.idpLogoutUrl }),
    ...(signingKey !== undefined && { requestSigningKey: signingKey.pem }),
    ...(signingCertificate !== undefined && { requestSigningCertificate: signingCertificate }),
    ...(decryptionKey !== undefined && { decryptionKey: decryptionKey.pem }),
    ...(setting.customErrorUrl !== undefined && { customErrorUrl: setting.customErrorUrl }),
  };
}

function optionalKey(
  value: string | undefined,
  path: Path,
  context: SettingContext,
  issues: IssueCollector,
): { pem: string; key: KeyObject } | undefined {
  if (value === undefined) return undefined;
  const loaded = loadPrivateKey(value, context.baseDir);
  if (loaded.ok) return loaded.value;
  issues.add(path, loaded.message);
  return undefined;
}

function resolveJit(
  setting: SettingShape,
  path: Path,
  config: ConfigFileShape,
  context: SettingContext,
  issues: IssueCollector,
): JitConfig {
  const jit = setting.jit;
  if (jit.enabled && setting.identityType !== 'FederationId')
    issues.add([...path, 'enabled'], JIT_REQUIRES_FEDERATION_ID);

  const profileNames = config.profiles.map((profile) => profile.name);
  const roleNames = config.roles.map((role) => role.name);
  const allowedProfiles =
    jit.allowedProfiles ??
    config.profiles.filter((profile) => !isAdministrativeProfile(profile)).map((profile) => profile.name);
  const allowedRoles = jit.allowedRoles ?? roleNames;
  jit.allowedProfiles?.forEach((name, i) => {
    checkReference(name, profileNames, [...path, 'allowedProfiles', i], 'profile', issues);
  });
  checkUnique(
    jit.allowedProfiles ?? [],
    (n) => n,
    (i) => [...path, 'allowedProfiles', i],
    'profile',
    issues,
    {
      ignoreCase: false,
    },
  );
  jit.allowedRoles?.forEach((name, i) => {
    checkReference(name, roleNames, [...path, 'allowedRoles', i], 'role', issues);
  });
  checkUnique(
    jit.allowedRoles ?? [],
    (n) => n,
    (i) => [...path, 'allowedRoles', i],
    'role',
    issues,
    {
      ignoreCase: false,
    },
  );

  const common = { enabled: jit.enabled, allowedProfiles, allowedRoles };
  if (jit.type === 'standard') {
    if (jit.handler !== undefined) issues.add([...path, 'handler'], 'is only used when type is "custom"');
    if (jit.executeHandlerAs !== undefined) {
      issues.add([...path, 'executeHandlerAs'], 'is only used when type is "custom"');
    }
    return { type: 'standard', ...common };
  }

  if (jit.handler === undefined) issues.add([...path, 'handler'], 'is required when type is "custom"');
  const handler =
    jit.handler === undefined ? '' : resolveHandler(jit.handler, [...path, 'handler'], context, issues);
  if (jit.executeHandlerAs === undefined) {
    issues.add([...path, 'executeHandlerAs'], 'is required when type is "custom"');
  } else {
    checkExecutionUser(jit.executeHandlerAs, [...path, 'executeHandlerAs'], config, issues);
  }
  return { type: 'custom', ...common, handler, executeHandlerAs: jit.executeHandlerAs ?? '' };
}

// Paths are resolved and must exist now, so a typo fails at start-up rather than at a login.
function resolveHandler(
  specifier: string,
  path: Path,
  context: SettingContext,
  issues: IssueCollector,
): string {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier);
  if (!isPath) return specifier;
  const file = resolve(context.baseDir, specifier);
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) issues.add(path, `handler module not found: ${file}`);
  return file;
}

function checkExecutionUser(
  username: string,
  path: Path,
  config: ConfigFileShape,
  issues: IssueCollector,
): void {
  const user = config.users.find((candidate) => candidate.username === username);
  if (user === undefined) {
    const message = `unknown user ${JSON.stringify(username)}; executeHandlerAs must name a user declared under "users"`;
    issues.add(
      path,
      withSuggestion(
        message,
        username,
        config.users.map((candidate) => candidate.username),
      ),
    );
    return;
  }
  const profile = config.profiles.find((candidate) => candidate.name === user.profile);
  // An unknown profile is already reported at users[i].profile.
  if (profile !== undefined && !profile.permissions.includes('ManageUsers')) {
    issues.add(
      path,
      `user ${JSON.stringify(username)} has profile ${JSON.stringify(profile.name)}, which lacks the ManageUsers permission`,
    );
  }
}
