/**
 * Namespace and algorithm URIs of SOAP, WS-Security 1.0 (X.509 token profile) and XML-DSig,
 * shared by the signer and the verifier.
 */

/** SOAP 1.1 envelope namespace. */
export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** SOAP 1.2 envelope namespace. */
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
/** OASIS WSS 1.0 security extension (`wsse:`). */
export const WSSE_NS =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
/** OASIS WSS 1.0 utility (`wsu:`), home of `wsu:Id` and `wsu:Timestamp`. */
export const WSU_NS =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
/** XML Digital Signature (`ds:`). */
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** The XML namespace, bound to the `xml` prefix by definition. */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** The namespace of namespace declarations. */
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Exclusive XML canonicalisation 1.0, without comments. */
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
/** Exclusive XML canonicalisation 1.0, with comments (recognised, not produced). */
export const EXC_C14N_WITH_COMMENTS = 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments';
/** RSA PKCS#1 v1.5 with SHA-256. */
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
/** SHA-256 digest. */
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** Forbidden algorithms, listed so the verifier can name them in its rejections. */
export const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
export const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
export const HMAC_SHA1 = 'http://www.w3.org/2000/09/xmldsig#hmac-sha1';

/** `ValueType` of an X.509 v3 BinarySecurityToken and of a reference to it. */
export const X509V3_VALUE_TYPE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';
/** `EncodingType` of a base64 BinarySecurityToken. */
export const BASE64_ENCODING_TYPE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
