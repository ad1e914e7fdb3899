//! TLS with the SMTP server: which certificate authorities are trusted (`[email.smtp]
//! ca-file`, `system-roots`), and what a failed handshake means, in words.

use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use rustls::CertificateError;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;

use super::smtp::{SmtpSettings, detail};
use crate::config::{self, Security};

/// The certificate authorities a TLS server certificate must chain to.
#[derive(Debug, Clone)]
pub(crate) struct Roots {
    /// The operating system's store (`system-roots`).
    pub system: bool,
    /// `ca-file` as given, and its PEM text (checked to hold at least one CA certificate).
    pub ca_file: Option<(PathBuf, Vec<u8>)>,
}

impl Roots {
    /// Reads and checks `ca-file`; refuses a setting that would trust nothing.
    pub(super) fn resolve(smtp: &config::Smtp) -> Result<Roots> {
        let ca_file = match &smtp.ca_file {
            Some(path) => {
                let setting = format!("[email.smtp] ca-file = \"{}\"", path.display());
                let pem = std::fs::read(path)
                    .with_context(|| format!("{setting}: reading {}", path.display()))?;
                check_ca_pem(&pem).with_context(|| setting.clone())?;
                Some((path.clone(), pem))
            }
            None => None,
        };
        if !smtp.system_roots && ca_file.is_none() && smtp.security != Security::None {
            bail!(
                "[email.smtp] system-roots = false and no ca-file: no certificate authority would be trusted; add ca-file = \"corp-ca.pem\" (the PEM certificate of the CA that signed the server's certificate)"
            );
        }
        Ok(Roots {
            system: smtp.system_roots,
            ca_file,
        })
    }

    /// What is trusted, in words: "the system's certificate store and corp-ca.pem".
    pub(super) fn describe(&self) -> String {
        let file = self
            .ca_file
            .as_ref()
            .map(|(path, _)| format!("ca-file {}", path.display()));
        match (self.system, file) {
            (true, Some(file)) => format!("the system's certificate store and {file}"),
            (true, None) => "the system's certificate store".to_string(),
            (false, Some(file)) => format!("{file} only (system-roots = false)"),
            (false, None) => "nothing".to_string(),
        }
    }
}

/// A PEM file holds one or more certificates, each one rustls can use as a trust anchor.
fn check_ca_pem(pem: &[u8]) -> Result<()> {
    let certificates = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| anyhow::anyhow!("not a PEM certificate file: {err}"))?;
    if certificates.is_empty() {
        bail!("no certificate in it (a PEM file holds \"-----BEGIN CERTIFICATE-----\" blocks)");
    }
    let mut store = rustls::RootCertStore::empty();
    for (n, certificate) in certificates.into_iter().enumerate() {
        store
            .add(certificate)
            .map_err(|err| anyhow::anyhow!("certificate {} cannot be trusted: {err}", n + 1))?;
    }
    Ok(())
}

/// The rustls error behind a lettre error, when TLS is what failed.
pub(super) fn rustls_error(err: &lettre::transport::smtp::Error) -> Option<&rustls::Error> {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(cause) = next {
        if let Some(tls) = cause.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        if let Some(tls) = cause
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            return Some(tls);
        }
        next = cause.source();
    }
    None
}

/// What went wrong in the TLS handshake, in words a mail admin acts on.
pub(super) fn tls_detail(err: &lettre::transport::smtp::Error, smtp: &SmtpSettings) -> String {
    let host = &smtp.host;
    let Some(tls) = rustls_error(err) else {
        return detail(err);
    };
    let rustls::Error::InvalidCertificate(certificate) = tls else {
        return match tls {
            rustls::Error::InvalidMessage(_) => format!(
                "the server did not answer in TLS ({tls}); a server on port 587 or 25 usually wants security = \"starttls\""
            ),
            _ => tls.to_string(),
        };
    };
    match certificate {
        CertificateError::UnknownIssuer => format!(
            "the certificate of {host} is not signed by a trusted certificate authority (trusted: {}); if the relay uses your company's own CA, set ca-file under [email.smtp] to that CA's certificate (PEM)",
            smtp.roots.describe()
        ),
        CertificateError::NotValidForNameContext { presented, .. } => format!(
            "the certificate is not valid for the name {host}: it is for {}; set host under [email.smtp] to a name the certificate holds",
            presented
                .iter()
                .map(|name| presented_name(name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        CertificateError::NotValidForName => {
            format!("the certificate is not valid for the name {host}")
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            format!("the certificate of {host} has expired ({certificate})")
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => format!(
            "the certificate of {host} is not valid yet ({certificate}); check this machine's clock"
        ),
        _ => format!("the certificate of {host} was refused: {certificate}"),
    }
}

/// `DnsName("mail.corp.test")` (how rustls lists a certificate's names) as `mail.corp.test`.
fn presented_name(name: &str) -> &str {
    ["DnsName(\"", "IpAddress("]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .map_or(name, |rest| {
            rest.trim_end_matches(')').trim_end_matches('"')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smtp(text: &str) -> config::Smtp {
        crate::config::Config::parse(text).unwrap().email.smtp
    }

    #[test]
    fn names_a_certificate_presents_are_shown_plainly() {
        assert_eq!(
            presented_name("DnsName(\"mail.corp.test\")"),
            "mail.corp.test"
        );
        assert_eq!(presented_name("IpAddress(10.0.0.5)"), "10.0.0.5");
        assert_eq!(presented_name("DirectoryName"), "DirectoryName");
    }

    #[test]
    fn trusting_nothing_is_refused_unless_there_is_no_tls() {
        let err = Roots::resolve(&smtp("[email.smtp]\nsystem-roots = false\n")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "[email.smtp] system-roots = false and no ca-file: no certificate authority would be trusted; add ca-file = \"corp-ca.pem\" (the PEM certificate of the CA that signed the server's certificate)"
        );
        let roots = Roots::resolve(&smtp(
            "[email.smtp]\nsystem-roots = false\nsecurity = \"none\"\n",
        ))
        .unwrap();
        assert_eq!(roots.describe(), "nothing");
        let roots = Roots::resolve(&smtp("")).unwrap();
        assert_eq!(roots.describe(), "the system's certificate store");
    }
}
