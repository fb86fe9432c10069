//! The history list as a window: the rows next to a place in an order, read
//! by keyset (seek) pagination on indexed columns, so a page deep in ten
//! million lookups costs what the first page does, and nothing reads the
//! whole history. The walk and its SQL are written once (see `query`); a
//! backend only runs what they ask.

use super::Summary;

/// The orders the list can be read in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    #[default]
    Newest,
    /// By status name (none first), newest first within one.
    Status,
    /// By currency (none last), largest amount first within one: amounts in
    /// different currencies are never compared.
    Amount,
}

/// One value of a sort key, as either backend reads and binds it.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyValue {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// Where a row sits in an order: the values of its sort key.
#[derive(Clone, Debug, PartialEq)]
pub struct Place(pub(super) Vec<KeyValue>);

/// Which rows to read.
#[derive(Clone, Debug, PartialEq)]
pub enum Anchor {
    /// The first rows of the order.
    Start,
    /// The last rows (`G`: the oldest of ten million, at once).
    End,
    /// The rows right after this place.
    After(Place),
    /// The rows right before it.
    Before(Place),
    /// The row at this place and the rows after it (the list re-read where
    /// it stands, to show rows that arrived or changed).
    From(Place),
}

/// The most rows a filter's count reads: past it the title says "more than".
/// Counting every match of a common word in ten million rows would take
/// seconds; an operator needs to know it is many, not how many exactly
/// (counting 10,000 matches took 15 of a city filter's 22 ms).
pub const COUNT_CAP: u64 = 1_000;

/// How many rows a list has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Exact(u64),
    /// More than this many.
    MoreThan(u64),
}

impl Count {
    /// A filter's count read up to [`COUNT_CAP`] + 1.
    pub(super) fn capped(n: u64) -> Self {
        if n > COUNT_CAP { Self::MoreThan(COUNT_CAP) } else { Self::Exact(n) }
    }

    /// The number plural rules go by.
    pub fn number(self) -> u64 {
        match self {
            Self::Exact(n) | Self::MoreThan(n) => n,
        }
    }
}

/// For logs and tests (the screens say it in the operator's language).
impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Exact(n) => write!(f, "{n}"),
            Self::MoreThan(n) => write!(f, "more than {n}"),
        }
    }
}

/// Which rows of an order one index range holds.
#[derive(Clone, Copy)]
pub(super) enum Bound {
    Every,
    /// Beyond the place on key k (equal on the keys before it).
    BeyondKey(usize),
    /// At or beyond it: the place's own row included.
    FromKey(usize),
}

impl Bound {
    /// The comparison that bounds key k of a range, for a key sorted
    /// `descending`, read in display order or `backwards`.
    pub(super) fn operator(self, descending: bool, backwards: bool) -> &'static str {
        match (descending != backwards, matches!(self, Bound::FromKey(_))) {
            (true, false) => "<",
            (true, true) => "<=",
            (false, false) => ">",
            (false, true) => ">=",
        }
    }
}

/// A row as a backend read it: its summary, or why it could not be read
/// (a teammate's program, or `psql`, may have written anything), and its
/// place either way, so reading goes on past it.
pub(super) type RawRow = (Result<Summary, String>, Place);
