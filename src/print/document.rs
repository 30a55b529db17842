//! The decision document as plain blocks (headings, paragraphs, tables, the map): what `decision` builds and
//! `docx` writes.

/// A table of text cells; `numeric` columns are right-aligned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub numeric: Vec<usize>,
}

/// One block of the document, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Para(String),
    /// Small print: notes, captions.
    Note(String),
    Table(DocTable),
    /// A PNG shown `width_mm` wide (its height follows its aspect).
    Image {
        png: Vec<u8>,
        width_mm: f64,
        height_mm: f64,
    },
    PageBreak,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecisionDoc {
    pub title: String,
    pub blocks: Vec<Block>,
}
