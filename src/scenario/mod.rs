//! The RON scenario format (in progress).
