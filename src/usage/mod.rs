//! `rccost usage`: a team's real chat history → messages per period, active
//! users, and cost per message. The only place polars is used.

pub mod aggregate;
pub mod cost;
pub mod read;
pub mod scan;
pub mod time;
