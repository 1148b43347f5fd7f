//! What the member enters for a document, checked before anything is rendered: the
//! university's sender number, the travel destination and the travel dates.

pub mod destination;
pub mod sender;
pub mod travel_dates;
