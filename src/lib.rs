//! friday: turns a CRM export into the Friday report.

pub mod report;
