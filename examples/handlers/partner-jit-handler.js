// Example custom JIT handler for the "Partner Portal" setting in ../frontdesk.config.json.
// Illustrative only: `frontdesk jit-handler template` writes the maintained starting point, and
// the SamlJitHandler / UserDraft types in src/sp are the contract. Partners' IdPs send their own
// attribute names, which this handler translates into a Frontdesk user.

/** @param {Record<string, string[]>} attributes @param {string} name */
function first(attributes, name) {
  return attributes[name]?.[0];
}

export default {
  /**
   * First login: describe the user to create.
   * @param {{ federationId: string, attributes: Record<string, string[]> }} input
   */
  async createUser(input) {
    const email = first(input.attributes, 'mail');
    const lastName = first(input.attributes, 'sn');
    if (email === undefined || lastName === undefined) {
      throw new Error('the partner IdP must send "mail" and "sn"');
    }
    return {
      Username: `${input.federationId}@partners.acme.example`,
      Email: email,
      FirstName: first(input.attributes, 'givenName'),
      LastName: lastName,
      ProfileId: 'Standard User',
      UserRoleId: 'Partner Manager',
      FederationIdentifier: input.federationId,
    };
  },

  /**
   * Later logins: nothing to update for partners; their details are managed here.
   * @param {{ userId: string }} _input
   */
  async updateUser(_input) {},
};
