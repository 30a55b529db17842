//! The columns of GDAL's Arrow stream and the values of their cells: what a batch's buffers mean, read without an
//! Arrow crate. The `unsafe` reads of one cell live here; the stream and its batches in the parent module.

use gdal_sys::ArrowArray;

/// One attribute value of one row, borrowed from the batch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Bytes(&'a [u8]),
    /// Days since 1970-01-01.
    Date(i32),
}

impl Value<'_> {
    /// The value as text, as an officer would read it in the attribute table.
    pub fn to_text(&self) -> Option<String> {
        match *self {
            Value::Null => None,
            Value::Int(i) => Some(i.to_string()),
            Value::Real(f) => Some(if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", f as i64)
            } else {
                f.to_string()
            }),
            Value::Text(s) => Some(s.to_string()),
            Value::Bytes(_) => None,
            Value::Date(d) => Some(date_from_days(d)),
        }
    }

    pub fn to_f64(&self) -> Option<f64> {
        match *self {
            Value::Int(i) => Some(i as f64),
            Value::Real(f) => Some(f),
            Value::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// Civil date from days since the epoch (Howard Hinnant's algorithm).
fn date_from_days(z: i32) -> String {
    let z = z as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    Bool,
    Utf8,
    LargeUtf8,
    Binary,
    LargeBinary,
    Date32,
    Unsupported,
}

pub(super) fn kind_of(format: &str) -> Kind {
    match format {
        "c" => Kind::I8,
        "s" => Kind::I16,
        "i" => Kind::I32,
        "l" => Kind::I64,
        "C" => Kind::U8,
        "S" => Kind::U16,
        "I" => Kind::U32,
        "L" => Kind::U64,
        "f" => Kind::F32,
        "g" => Kind::F64,
        "b" => Kind::Bool,
        "u" => Kind::Utf8,
        "U" => Kind::LargeUtf8,
        "z" => Kind::Binary,
        "Z" => Kind::LargeBinary,
        "tdD" => Kind::Date32,
        _ => Kind::Unsupported,
    }
}

/// Column names of the stream, in order, with whether each is binary (geometry candidates).
#[derive(Debug, Clone)]
pub struct Columns {
    pub names: Vec<String>,
    pub(super) kinds: Vec<Kind>,
}

impl Columns {
    pub fn is_binary(&self, i: usize) -> bool {
        matches!(self.kinds.get(i), Some(Kind::Binary | Kind::LargeBinary))
    }
}

pub(super) struct Column {
    kind: Kind,
    offset: usize,
    pub(super) len: usize,
    validity: *const u8,
    b1: *const u8,
    b2: *const u8,
    /// The span of a text column's data buffer that holds all its rows, when it is valid UTF-8 (checked once per
    /// batch): a value inside it that starts and ends on a character boundary is then valid without a check.
    utf8: Option<(usize, usize)>,
}

impl Column {
    /// # Safety
    /// `a` must be a live child array of the batch whose schema gave `kind`.
    pub(super) unsafe fn new(a: &ArrowArray, kind: Kind) -> Column {
        let buf = |i: i64| -> *const u8 {
            if i < a.n_buffers && !a.buffers.is_null() {
                unsafe { *a.buffers.add(i as usize) as *const u8 }
            } else {
                std::ptr::null()
            }
        };
        let mut c = Column {
            kind,
            offset: a.offset.max(0) as usize,
            len: a.length.max(0) as usize,
            validity: if a.null_count == 0 { std::ptr::null() } else { buf(0) },
            b1: buf(1),
            b2: buf(2),
            utf8: None,
        };
        if matches!(kind, Kind::Utf8 | Kind::LargeUtf8) && !c.b1.is_null() && !c.b2.is_null() {
            // SAFETY: an Arrow string array has `offset + len + 1` offsets into its data buffer.
            let (start, end) = unsafe { (c.offset_at(c.offset), c.offset_at(c.offset + c.len)) };
            let all = unsafe { std::slice::from_raw_parts(c.b2.add(start), end.saturating_sub(start)) };
            c.utf8 = std::str::from_utf8(all).is_ok().then_some((start, end));
        }
        c
    }

    /// Where value `i` (offset included) starts and ends in the data buffer of a string or binary column.
    ///
    /// # Safety
    /// Offsets `i` and `i + 1` must exist.
    unsafe fn bounds(&self, i: usize) -> (usize, usize) {
        unsafe { (self.offset_at(i), self.offset_at(i + 1)) }
    }

    /// # Safety
    /// Offset `i` must exist.
    unsafe fn offset_at(&self, i: usize) -> usize {
        unsafe {
            if matches!(self.kind, Kind::Utf8 | Kind::Binary) {
                (self.b1 as *const i32).add(i).read_unaligned().max(0) as usize
            } else {
                (self.b1 as *const i64).add(i).read_unaligned().max(0) as usize
            }
        }
    }

    /// # Safety
    /// `row < self.len`, and the buffers are those of a valid Arrow array.
    pub(super) unsafe fn get<'a>(&self, row: usize) -> Value<'a> {
        let i = row + self.offset;
        unsafe {
            if !self.validity.is_null() && (*self.validity.add(i / 8) >> (i % 8)) & 1 == 0 {
                return Value::Null;
            }
            if self.b1.is_null() {
                return Value::Null;
            }
            match self.kind {
                Kind::I8 => Value::Int(*(self.b1 as *const i8).add(i) as i64),
                Kind::I16 => Value::Int((self.b1 as *const i16).add(i).read_unaligned() as i64),
                Kind::I32 => Value::Int((self.b1 as *const i32).add(i).read_unaligned() as i64),
                Kind::I64 => Value::Int((self.b1 as *const i64).add(i).read_unaligned()),
                Kind::U8 => Value::Int(*self.b1.add(i) as i64),
                Kind::U16 => Value::Int((self.b1 as *const u16).add(i).read_unaligned() as i64),
                Kind::U32 => Value::Int((self.b1 as *const u32).add(i).read_unaligned() as i64),
                Kind::U64 => Value::Int((self.b1 as *const u64).add(i).read_unaligned() as i64),
                Kind::F32 => Value::Real((self.b1 as *const f32).add(i).read_unaligned() as f64),
                Kind::F64 => Value::Real((self.b1 as *const f64).add(i).read_unaligned()),
                Kind::Bool => Value::Int(((*self.b1.add(i / 8) >> (i % 8)) & 1) as i64),
                Kind::Date32 => Value::Date((self.b1 as *const i32).add(i).read_unaligned()),
                Kind::Utf8 | Kind::Binary | Kind::LargeUtf8 | Kind::LargeBinary => {
                    if self.b2.is_null() {
                        return Value::Null;
                    }
                    let (start, end) = self.bounds(i);
                    let bytes = std::slice::from_raw_parts(self.b2.add(start), end.saturating_sub(start));
                    // A continuation byte (10xxxxxx) is inside a character; the span's end is a boundary.
                    let boundary = |at: usize, span_end: usize| at == span_end || *self.b2.add(at) & 0xC0 != 0x80;
                    let checked = self.utf8.is_some_and(|(lo, hi)| {
                        lo <= start && start <= end && end <= hi && boundary(start, hi) && boundary(end, hi)
                    });
                    match self.kind {
                        Kind::Utf8 | Kind::LargeUtf8 if checked => Value::Text(std::str::from_utf8_unchecked(bytes)),
                        Kind::Utf8 | Kind::LargeUtf8 => match std::str::from_utf8(bytes) {
                            Ok(s) => Value::Text(s),
                            // GDAL promises UTF-8; if a driver breaks that, keep the bytes for the caller to report.
                            Err(_) => Value::Bytes(bytes),
                        },
                        _ => Value::Bytes(bytes),
                    }
                }
                Kind::Unsupported => Value::Null,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_epoch_days() {
        assert_eq!(date_from_days(0), "1970-01-01");
        // 2026-01-16 is 20469 days after the epoch: 56 years incl. 14 leap days = 20454, + 15.
        assert_eq!(date_from_days(20_469), "2026-01-16");
    }
}
