//! `[junk]`: extra words and domains for the junk rules, and whether junk is left out of the
//! figures.

/// `[junk]` in friday.toml.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct JunkConfig {
    /// Extra fake names ("Mickey Mouse"), added to the built-in list.
    pub fake_names: Vec<String>,
    /// Extra test words ("demo"), added to the built-in list.
    pub test_words: Vec<String>,
    /// Extra disposable e-mail domains ("mailbox.example"), added to the built-in list.
    pub disposable_domains: Vec<String>,
    /// Extra placeholder companies ("Acme Test"), added to the built-in list.
    pub placeholder_companies: Vec<String>,
    /// Leave junk leads out of every follow-up and conversion figure (contacted, never
    /// contacted, overdue, stale, conversion), counting them in their own column (default
    /// true). `exclude-from-conversion`, the older name, is read as the same setting.
    #[serde(alias = "exclude-from-conversion")]
    pub exclude: bool,
}

impl Default for JunkConfig {
    fn default() -> Self {
        JunkConfig {
            fake_names: Vec::new(),
            test_words: Vec::new(),
            disposable_domains: Vec::new(),
            placeholder_companies: Vec::new(),
            exclude: true,
        }
    }
}
