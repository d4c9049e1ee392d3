//! The errors a command can end with, and the exit code each one gives.

use crate::pricing::load::LoadError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad arguments or bad input files: exit code 2.
    #[error("{0}")]
    Input(String),
    /// A failure while writing output: exit code 1.
    #[error("{0}")]
    Output(String),
    /// A range too long to list size by size: exit code 2 (`cmd` says which
    /// option to change before anything is loaded; this is the library's guard).
    #[error("{0}")]
    TooLong(crate::units::range::TooLong),
    /// Standard output was closed by the reader (`rccost table | head`): a quiet exit.
    #[error("broken pipe")]
    BrokenPipe,
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::TooLong(_) => 2,
            Error::Output(_) => 1,
            Error::BrokenPipe => 0,
        }
    }
}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Self {
        Error::Input(e.to_string())
    }
}

impl From<crate::engine::breakeven::LimitError> for Error {
    fn from(e: crate::engine::breakeven::LimitError) -> Self {
        Error::Input(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Error>;
