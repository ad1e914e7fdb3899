//! Renderers: each takes a finished `Report` and a destination, and never reads the inputs.

pub mod atomic;
pub mod columns;
pub mod email;
#[cfg(test)]
mod fixture;
pub mod html;
pub mod settings;
pub mod xlsx;
