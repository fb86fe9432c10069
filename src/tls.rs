//! One TLS setup for every connection the program makes: rustls on the
//! ring provider, with the Mozilla roots (webpki-roots), so that a status
//! lookup and the team history trust the same authorities on every machine,
//! whatever the system's certificate store holds.

use std::sync::Arc;

use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;

/// A client configuration that trusts the Mozilla roots and `extra`
/// (a private CA's certificates, as for `sslrootcert=`), offering `alpn`.
pub fn client_config(extra: Vec<CertificateDer<'static>>, alpn: &[&[u8]]) -> Result<rustls::ClientConfig, String> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for cert in extra {
        roots.add(cert).map_err(|e| e.to_string())?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Ok(config)
}
