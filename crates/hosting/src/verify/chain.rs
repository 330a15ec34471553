//! The signing certificate chain: parsing, validation to a trusted root, and the body signature.

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use webpki::{EndEntityCert, KeyUsage};

use super::error::{VerifyError, VerifyErrorKind};

/// The name the signing certificate must hold in its subject alternative names.
pub const SIGNING_CERT_NAME: &str = "echo-api.amazon.com";

/// A certificate chain as fetched: the signing (leaf) certificate first, then intermediates.
#[derive(Debug)]
pub(crate) struct CertChain {
    certs: Vec<CertificateDer<'static>>,
}

impl CertChain {
    /// Reads the PEM certificates of a fetched document.
    pub(crate) fn from_pem(pem: &[u8]) -> Result<CertChain, VerifyError> {
        let malformed = || VerifyError::new(VerifyErrorKind::CertChainMalformed);
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<_, _>>()
            .map_err(|e| malformed().with_source(format!("{e:?}")))?;
        let leaf = certs.first().ok_or_else(malformed)?;
        EndEntityCert::try_from(leaf).map_err(|e| malformed().with_source(e))?;
        Ok(CertChain { certs })
    }

    /// Validates the chain at `now`: it leads to one of `anchors`, every certificate is within
    /// its dates, and the leaf is valid for [`SIGNING_CERT_NAME`].
    pub(crate) fn validate(
        &self,
        anchors: &[TrustAnchor<'static>],
        now: UnixTime,
    ) -> Result<(), VerifyError> {
        let leaf = self.leaf()?;
        leaf.verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            anchors,
            &self.certs[1..],
            now,
            KeyUsage::server_auth(),
            None,
            None,
        )
        .map_err(|e| {
            let kind = match e {
                webpki::Error::CertExpired { .. } => VerifyErrorKind::CertExpired,
                webpki::Error::CertNotValidYet { .. } => VerifyErrorKind::CertNotYetValid,
                // No issuer found, or a certificate naming a trusted issuer whose key did not
                // sign it (a forged chain): either way the chain does not reach a trusted root.
                webpki::Error::UnknownIssuer | webpki::Error::InvalidSignatureForPublicKey => {
                    VerifyErrorKind::CertUntrusted
                }
                webpki::Error::BadDer | webpki::Error::BadDerTime => {
                    VerifyErrorKind::CertChainMalformed
                }
                _ => VerifyErrorKind::CertInvalid,
            };
            VerifyError::new(kind).with_source(e)
        })?;
        let name = ServerName::try_from(SIGNING_CERT_NAME)
            .map_err(|e| VerifyError::new(VerifyErrorKind::Config).with_source(e))?;
        leaf.verify_is_valid_for_subject_name(&name).map_err(|e| {
            let kind = match e {
                webpki::Error::CertNotValidForName(_) => VerifyErrorKind::CertNameMismatch,
                _ => VerifyErrorKind::CertInvalid,
            };
            VerifyError::new(kind).with_source(e)
        })
    }

    /// Checks that `signature` is the RSA-SHA256 (PKCS #1 v1.5) signature of `body` by the leaf's
    /// key.
    pub(crate) fn verify_signature(
        &self,
        body: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError> {
        self.leaf()?
            .verify_signature(webpki::ring::RSA_PKCS1_2048_8192_SHA256, body, signature)
            .map_err(|e| VerifyError::new(VerifyErrorKind::SignatureMismatch).with_source(e))
    }

    fn leaf(&self) -> Result<EndEntityCert<'_>, VerifyError> {
        let leaf = self
            .certs
            .first()
            .ok_or_else(|| VerifyError::new(VerifyErrorKind::CertChainMalformed))?;
        EndEntityCert::try_from(leaf)
            .map_err(|e| VerifyError::new(VerifyErrorKind::CertChainMalformed).with_source(e))
    }
}

/// Trust anchors from DER certificates.
pub(crate) fn anchors_from_der(
    certs: &[CertificateDer<'static>],
) -> Result<Vec<TrustAnchor<'static>>, VerifyError> {
    certs
        .iter()
        .map(|cert| {
            webpki::anchor_from_trusted_cert(cert)
                .map(|anchor| anchor.to_owned())
                .map_err(|e| VerifyError::new(VerifyErrorKind::Config).with_source(e))
        })
        .collect()
}

/// DER certificates from PEM.
pub(crate) fn certs_from_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, VerifyError> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<_, _>>()
        .map_err(|e| VerifyError::new(VerifyErrorKind::Config).with_source(format!("{e:?}")))?;
    if certs.is_empty() {
        return Err(
            VerifyError::new(VerifyErrorKind::Config).with_source("no certificate in the PEM")
        );
    }
    Ok(certs)
}
