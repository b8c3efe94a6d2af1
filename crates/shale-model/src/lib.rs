//! shale-model
