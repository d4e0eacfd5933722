#!/usr/bin/env bash
# Regenerates bench/fuzz/signed-response.ts: a SAML Response whose Assertion and Response are both
# signed by xmlsec1 (an implementation independent of ours) with a fresh throw-away key.
# Needs node, openssl and xmlsec1 (Debian: apt-get install -y xmlsec1). Run from the repository root.
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The key comes from node:crypto; openssl only wraps its public half in a self-signed certificate.
node -e "
const { generateKeyPairSync } = require('node:crypto');
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
process.stdout.write(privateKey.export({ type: 'pkcs8', format: 'pem' }));
" > "$work/key.pem"
openssl req -x509 -key "$work/key.pem" -out "$work/cert.pem" -days 36500 -subj '/CN=Frontdesk fuzz IdP' 2>/dev/null

DS='http://www.w3.org/2000/09/xmldsig#'
signature() {
  cat <<SIG
<ds:Signature xmlns:ds="$DS"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#$1"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate></ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>
SIG
}

cat > "$work/template.xml" <<XML
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r8f3c1d2e4b5a69788" Version="2.0" IssueInstant="2030-01-01T12:00:00Z" Destination="https://sp.example.test/sp/saml/acs/main">
  <saml:Issuer>https://idp.example.test/metadata</saml:Issuer>
  $(signature _r8f3c1d2e4b5a69788)
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml:Assertion xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_a1b2c3d4e5f60718293" Version="2.0" IssueInstant="2030-01-01T12:00:00Z">
    <saml:Issuer>https://idp.example.test/metadata</saml:Issuer>
    $(signature _a1b2c3d4e5f60718293)
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">fed-0042&amp;x</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData Recipient="https://sp.example.test/sp/saml/acs/main" NotOnOrAfter="2030-01-01T12:05:00Z"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="2030-01-01T11:59:00Z" NotOnOrAfter="2030-01-01T12:05:00Z">
      <saml:AudienceRestriction><saml:Audience>https://sp.example.test/metadata</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AuthnStatement AuthnInstant="2030-01-01T12:00:00Z" SessionIndex="_s1">
      <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext>
    </saml:AuthnStatement>
    <saml:AttributeStatement>
      <saml:Attribute Name="User.Email"><saml:AttributeValue xsi:type="xs:string">ada&amp;co@example.test</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="User.LastName"><saml:AttributeValue xsi:type="xs:string">Lovelace &lt;Byron&gt; Ünïcødé</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="User.ProfileId" FriendlyName="a &quot;quoted&quot; &amp; odd name"><saml:AttributeValue>Standard User</saml:AttributeValue></saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>
XML

# The Assertion is signed first so that the Response signature covers the finished Assertion signature.
xmlsec1 --sign --privkey-pem "$work/key.pem,$work/cert.pem" \
  --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion \
  --node-xpath "//*[local-name()='Assertion']/*[local-name()='Signature']" \
  --output "$work/assertion-signed.xml" "$work/template.xml"
xmlsec1 --sign --privkey-pem "$work/key.pem,$work/cert.pem" \
  --id-attr:ID urn:oasis:names:tc:SAML:2.0:protocol:Response \
  --node-xpath "/*[local-name()='Response']/*[local-name()='Signature']" \
  --output "$work/signed.xml" "$work/assertion-signed.xml"
# Both must verify with xmlsec1 itself before we keep them.
for id in Assertion Response; do
  xmlsec1 --verify --pubkey-cert-pem "$work/cert.pem" --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion \
    --id-attr:ID urn:oasis:names:tc:SAML:2.0:protocol:Response \
    --node-xpath "//*[local-name()='$id']/*[local-name()='Signature']" "$work/signed.xml" >/dev/null 2>&1
done

node -e "
const fs = require('node:fs');
const [xml, cert] = [fs.readFileSync('$work/signed.xml', 'utf8'), fs.readFileSync('$work/cert.pem', 'utf8')];
const out = '// Generated by bench/fuzz/make-signed-response.sh (xmlsec1 --sign); do not edit by hand.\n\n' +
  '/** Self-signed certificate of the throw-away IdP key (the private key was not kept). */\n' +
  'export const FUZZ_IDP_CERTIFICATE = ' + JSON.stringify(cert) + ';\n\n' +
  '/** A Response and its Assertion, both signed by xmlsec1; valid at 2030-01-01T12:01:00Z. */\n' +
  'export const SIGNED_RESPONSE_XML = ' + JSON.stringify(xml) + ';\n';
fs.writeFileSync('bench/fuzz/signed-response.ts', out);
"
echo 'wrote bench/fuzz/signed-response.ts'
