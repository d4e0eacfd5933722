// @ts-check
// Custom JIT handler for the "Partner Portal" setting in ../frontdesk.config.json.
// Partners' IdPs send their own attribute names (mail, sn, givenName, o, partnerId); this handler
// translates them into a Frontdesk user linked to a Contact under the partner's Account.
// The contract is SamlJitHandler (docs/jit-handlers.md); `frontdesk jit-handler template`
// writes a fuller starting point.

/** @typedef {import('frontdesk').SamlJitHandler} SamlJitHandler */
/** @typedef {import('frontdesk').JitContext} JitContext */
/** @typedef {import('frontdesk').JitInput} JitInput */

/**
 * @param {JitInput} input
 * @param {string} name
 */
function first(input, name) {
  return input.attributes[name]?.[0];
}

/**
 * The partner's Account, by partner id (its account number); created on the partner's first login.
 * @param {JitInput} input
 * @param {JitContext} org
 */
async function partnerAccount(input, org) {
  const partnerId = first(input, 'partnerId');
  if (partnerId === undefined) throw new Error('the partner IdP must send "partnerId"');
  const [account, ...others] = await org.accounts.findByAccountNumber(partnerId);
  if (others.length > 0) throw new Error(`several accounts have partner id ${partnerId}`);
  return account ?? org.accounts.create({ Name: first(input, 'o') ?? partnerId, AccountNumber: partnerId });
}

/** @type {SamlJitHandler} */
export default {
  async createUser(input, org) {
    const email = first(input, 'mail');
    const lastName = first(input, 'sn');
    if (email === undefined || lastName === undefined) {
      throw new Error('the partner IdP must send "mail" and "sn"');
    }
    const [contact] = await org.contacts.findByEmail(email);
    const contactId =
      contact?.Id ??
      (
        await org.contacts.create({
          Email: email,
          FirstName: first(input, 'givenName') ?? null,
          LastName: lastName,
          Account: (await partnerAccount(input, org)).Id,
        })
      ).Id;
    const profile = await org.profiles.findByName('Standard User');
    const role = await org.roles.findByName('Partner Manager');
    if (profile === null || role === null)
      throw new Error('the org lacks the Standard User profile or Partner Manager role');
    return {
      Username: `${input.federationId}@partners.acme.example`,
      Email: email,
      FirstName: first(input, 'givenName') ?? null,
      LastName: lastName,
      ProfileId: profile.Id,
      UserRoleId: role.Id,
      Contact: contactId,
    };
  },

  // Partners' names and emails change at their end; keep ours in step. Profile and role stay ours.
  async updateUser(input, org) {
    const email = first(input, 'mail');
    const lastName = first(input, 'sn');
    await org.users.update(input.userId, {
      ...(email !== undefined ? { Email: email } : {}),
      ...(lastName !== undefined ? { LastName: lastName } : {}),
      ...(first(input, 'givenName') !== undefined ? { FirstName: first(input, 'givenName') } : {}),
    });
  },
};
