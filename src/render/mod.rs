//! Renderers: each takes a [`RenderContext`] (the finished `Report`, the output layout, the
//! archive and the templates) and a destination, and never reads the inputs.

mod archive;
pub(crate) mod columns;
mod context;
pub(crate) mod email;
#[cfg(test)]
pub(crate) mod fixture;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod settings;
mod templates;
pub mod xlsx;

pub use archive::ArchiveEntry;
pub use context::{Layout, RenderContext};
pub use templates::Templates;
pub(crate) use templates::write_defaults;
