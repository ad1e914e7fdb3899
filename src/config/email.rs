//! `[email]` and `[email.smtp]`: who gets the report and through which server.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Sending the report by email (`friday send`, `friday report --send`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Email {
    /// The sender, e.g. "Friday report <reports@example.com>".
    pub from: String,
    /// Recipients of the team message (the XLSX attached).
    pub to: Vec<String>,
    /// Also attach the single-file HTML report to the team message.
    pub attach_html: bool,
    /// Also send each rep listed in `[email.reps]` a message with only their own red list.
    pub per_rep: bool,
    /// Rep name (as in the export) → address, for `per-rep`.
    pub reps: BTreeMap<String, String>,
    /// The largest the team message may be, attachments included, in MB (1,000,000 bytes) as
    /// the mail server counts it; over it, a compact workbook is attached instead.
    pub max_attachment_mb: f64,
    pub smtp: Smtp,
}

impl Default for Email {
    fn default() -> Self {
        Email {
            from: String::new(),
            to: Vec::new(),
            attach_html: false,
            per_rep: false,
            reps: BTreeMap::new(),
            max_attachment_mb: 20.0,
            smtp: Smtp::default(),
        }
    }
}

/// The SMTP server the report is sent through. The password is never in this file: it is
/// read from the environment variable named by `password-env`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Smtp {
    pub host: String,
    /// Default: 587 for starttls, 465 for tls, 25 for none.
    pub port: Option<u16>,
    pub security: Security,
    /// Login name; no login when absent.
    pub user: Option<String>,
    /// Name of the environment variable holding the password.
    pub password_env: String,
    pub timeout_seconds: u64,
    /// A PEM file of CA certificates to trust besides the system's (a company's own CA).
    /// A relative path is taken from the folder friday runs in.
    pub ca_file: Option<std::path::PathBuf>,
    /// Trust the operating system's certificate store (`/etc/ssl/certs` on Debian;
    /// `SSL_CERT_FILE` and `SSL_CERT_DIR` override it). With `false`, only `ca-file` is
    /// trusted.
    pub system_roots: bool,
}

impl Default for Smtp {
    fn default() -> Self {
        Smtp {
            host: String::new(),
            port: None,
            security: Security::Starttls,
            user: None,
            password_env: "FRIDAY_SMTP_PASSWORD".to_string(),
            timeout_seconds: 30,
            ca_file: None,
            system_roots: true,
        }
    }
}

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Security {
    /// Plain connection upgraded with STARTTLS (required), usually port 587.
    Starttls,
    /// TLS from the first byte, usually port 465.
    Tls,
    /// No encryption: only for a relay on the same machine or a test server.
    None,
}
