//! Tauri commands: each unpacks its arguments, calls the core, maps errors.
//! Logic lives in `crates/`; nothing here should be longer than a screen.

pub mod connect;
pub mod files;
pub mod history;
pub mod import;
pub mod offboard;
pub mod people;
pub mod session;
