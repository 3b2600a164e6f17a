//! The endpoints, one module per area, each an `impl Client` block.

mod bulk;
mod directories;
mod groups;
mod imports;
mod orgs;
mod users;

pub use directories::Bound;
pub use imports::{GOOGLE_PAGE, MICROSOFT_PAGE};
pub use users::CreateOutcome;
