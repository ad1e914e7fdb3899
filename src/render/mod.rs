//! Renderers: each takes a [`RenderContext`] (the finished `Report`, the output layout, the
//! archive and the templates) and a destination, and never reads the inputs.

mod archive;
pub mod columns;
mod context;
pub mod email;
#[cfg(test)]
mod fixture;
pub mod html;
pub mod json;
pub mod settings;
mod templates;
pub mod xlsx;

pub use archive::ArchiveEntry;
pub use context::{Layout, RenderContext};
pub use templates::{DEFAULTS, Templates, write_defaults};
