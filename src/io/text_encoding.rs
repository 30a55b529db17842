//! Text encodings of Chinese exchange files: UTF-8 (with or without BOM) or GBK (CP936).
//!
//! Boundary TXT files and shapefile DBF text come in either, usually unlabelled, and a label may lie
//! ("GBK" files that are really UTF-8). We detect, let the caller override, and never hand back
//! mojibake silently: bytes that neither encoding decodes cleanly are an error naming the byte offset
//! and the line.

use std::fmt;

use thiserror::Error;

/// An encoding we can read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    Utf8,
    /// GBK / CP936. Decoding accepts the GB18030 superset, as encoding_rs does.
    Gbk,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gbk => "GBK",
        }
    }

    /// Reads a label as found in a `.cpg` file, a CLI flag or a RON setting.
    ///
    /// ```
    /// use stockfirst::io::text_encoding::TextEncoding;
    /// assert_eq!(TextEncoding::from_label(" cp936 "), Some(TextEncoding::Gbk));
    /// assert_eq!(TextEncoding::from_label("utf8"), Some(TextEncoding::Utf8));
    /// assert_eq!(TextEncoding::from_label("latin1"), None);
    /// ```
    pub fn from_label(label: &str) -> Option<Self> {
        let l = label.trim().to_ascii_lowercase().replace(['-', '_', ' '], "");
        match l.as_str() {
            "utf8" | "65001" => Some(TextEncoding::Utf8),
            "gbk" | "cp936" | "936" | "gb2312" | "gb18030" | "ansi936" | "windows936" | "ms936" => {
                Some(TextEncoding::Gbk)
            }
            _ => None,
        }
    }

    /// The DBF header's language-driver byte (offset 29), when it names one of ours.
    /// 0x4D and 0x7A are the CP936 drivers (§6 of the domain notes).
    pub fn from_dbf_ldid(ldid: u8) -> Option<Self> {
        match ldid {
            0x4D | 0x7A => Some(TextEncoding::Gbk),
            _ => None,
        }
    }

    /// Decodes `bytes` in this encoding, refusing anything that does not decode cleanly.
    /// A UTF-8 BOM is not stripped here; [`decode`] does that.
    pub fn decode_strict(self, bytes: &[u8]) -> Result<String, DecodeError> {
        match self {
            TextEncoding::Utf8 => match std::str::from_utf8(bytes) {
                Ok(s) => Ok(s.to_string()),
                Err(e) => Err(DecodeError::at(self, bytes, e.valid_up_to())),
            },
            TextEncoding::Gbk => {
                let mut decoder = encoding_rs::GBK.new_decoder_without_bom_handling();
                let cap = decoder
                    .max_utf8_buffer_length_without_replacement(bytes.len())
                    .unwrap_or(bytes.len().saturating_mul(3));
                let mut out = String::with_capacity(cap);
                let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
                match result {
                    encoding_rs::DecoderResult::InputEmpty => Ok(out),
                    encoding_rs::DecoderResult::Malformed(bad, consumed_after) => {
                        // `read` stops just after the malformed sequence and `consumed_after` bytes after it.
                        let start = read.saturating_sub(bad as usize + consumed_after as usize);
                        Err(DecodeError::at(self, bytes, start))
                    }
                    encoding_rs::DecoderResult::OutputFull => Err(DecodeError::at(self, bytes, read.min(bytes.len()))),
                }
            }
        }
    }

    /// Encodes `text`, refusing characters this encoding cannot hold (GBK has no emoji, for instance).
    pub fn encode(self, text: &str) -> Result<Vec<u8>, EncodeError> {
        match self {
            TextEncoding::Utf8 => Ok(text.as_bytes().to_vec()),
            TextEncoding::Gbk => {
                let (bytes, _, had_errors) = encoding_rs::GBK.encode(text);
                if !had_errors {
                    return Ok(bytes.into_owned());
                }
                // Find the first character GBK cannot hold, to name it.
                let mut line = 1;
                for ch in text.chars() {
                    if ch == '\n' {
                        line += 1;
                    }
                    let mut buf = [0u8; 4];
                    let (_, _, bad) = encoding_rs::GBK.encode(ch.encode_utf8(&mut buf));
                    if bad {
                        return Err(EncodeError {
                            encoding: self,
                            character: ch,
                            line,
                        });
                    }
                }
                Err(EncodeError {
                    encoding: self,
                    character: '\u{FFFD}',
                    line,
                })
            }
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Bytes that do not decode in the given encoding.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "第 {line} 行(字节偏移 {offset})不是有效的 {encoding} 文本: {bytes_hex} / \
     line {line} (byte offset {offset}) is not valid {encoding}: {bytes_hex}"
)]
pub struct DecodeError {
    pub encoding: TextEncoding,
    /// 0-based byte offset of the first bad byte.
    pub offset: usize,
    /// 1-based line of that byte.
    pub line: usize,
    /// Up to four bytes from the offset, in hex, to show the officer what is there.
    pub bytes_hex: String,
}

impl DecodeError {
    fn at(encoding: TextEncoding, bytes: &[u8], offset: usize) -> Self {
        let offset = offset.min(bytes.len());
        let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
        let bytes_hex = bytes[offset..]
            .iter()
            .take(4)
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(" ");
        DecodeError {
            encoding,
            offset,
            line,
            bytes_hex,
        }
    }
}

/// Why text could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TextError {
    /// No override: neither UTF-8 nor GBK decodes the bytes cleanly.
    #[error("既不是 UTF-8 也不是 GBK 文本 / neither UTF-8 nor GBK text — UTF-8: {utf8}; GBK: {gbk}")]
    Undecodable { utf8: DecodeError, gbk: DecodeError },
    /// The caller's encoding does not decode the bytes.
    #[error("按指定编码解码失败 / the requested encoding does not fit: {0}")]
    Override(DecodeError),
}

/// A character the target encoding cannot hold.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "第 {line} 行的字符 “{character}” 无法用 {encoding} 编码 / line {line}: “{character}” cannot be written in {encoding}"
)]
pub struct EncodeError {
    pub encoding: TextEncoding,
    pub character: char,
    pub line: usize,
}

/// Decoded text and what was done to get it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
    /// A UTF-8 byte-order mark was present (and removed).
    pub had_bom: bool,
    /// How the encoding was chosen.
    pub chosen_by: ChosenBy,
    /// How the encoding was chosen, and anything suspicious, for the officer to read.
    pub warnings: Vec<String>,
}

/// How [`decode`] chose the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChosenBy {
    /// The caller said so.
    Override,
    /// A UTF-8 byte-order mark.
    Bom,
    /// Plain ASCII: UTF-8 and GBK agree.
    Ascii,
    /// Valid UTF-8 with non-ASCII text.
    ValidUtf8,
    /// Not UTF-8, but clean GBK.
    GbkFallback,
}

impl ChosenBy {
    pub fn describe(self) -> &'static str {
        match self {
            ChosenBy::Override => "指定 / given",
            ChosenBy::Bom => "BOM",
            ChosenBy::Ascii => "纯 ASCII / plain ASCII",
            ChosenBy::ValidUtf8 => "自动识别 / detected",
            ChosenBy::GbkFallback => "非 UTF-8，按 GBK 识别 / not UTF-8, detected as GBK",
        }
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes bytes as UTF-8 or GBK.
///
/// - `override_`: the caller's choice (a `.cpg`, a DBF language driver, a `--encoding` flag). It wins, but
///   bytes it cannot decode are an error, not mojibake; if the bytes are also valid UTF-8 with non-ASCII
///   text while GBK was asked for, a warning says the label may be wrong.
/// - Without override: a UTF-8 BOM or valid UTF-8 means UTF-8 (a GBK text is almost never valid UTF-8);
///   otherwise GBK if it decodes cleanly; otherwise an error naming the offending offset and line in both.
///
/// ```
/// use stockfirst::io::text_encoding::{decode, TextEncoding};
/// // "地块" in GBK is B5 D8 BF E9.
/// let d = decode(b"\xB5\xD8\xBF\xE9", None).unwrap();
/// assert_eq!((d.text.as_str(), d.encoding), ("地块", TextEncoding::Gbk));
/// let d = decode("地块".as_bytes(), None).unwrap();
/// assert_eq!(d.encoding, TextEncoding::Utf8);
/// ```
pub fn decode(bytes: &[u8], override_: Option<TextEncoding>) -> Result<Decoded, TextError> {
    let had_bom = bytes.starts_with(UTF8_BOM);
    let body = if had_bom { &bytes[UTF8_BOM.len()..] } else { bytes };
    let mut warnings = Vec::new();

    if let Some(enc) = override_ {
        if had_bom && enc == TextEncoding::Gbk {
            warnings.push(
                "文件带 UTF-8 BOM，但按指定的 GBK 解码 / file has a UTF-8 BOM but was decoded as GBK as requested"
                    .into(),
            );
        }
        // Keep offsets true to the file: report them relative to the whole input.
        let text = enc.decode_strict(body).map_err(|mut e| {
            if had_bom {
                e.offset += UTF8_BOM.len();
            }
            TextError::Override(e)
        })?;
        if enc == TextEncoding::Gbk && !body.is_ascii() && std::str::from_utf8(body).is_ok() {
            warnings.push(
                "按指定的 GBK 解码，但内容也是有效的 UTF-8，编码标注可能有误 / decoded as GBK as requested, \
                 but the bytes are also valid UTF-8: the label may be wrong"
                    .into(),
            );
        }
        check_text(&text, &mut warnings);
        return Ok(Decoded {
            text,
            encoding: enc,
            had_bom,
            chosen_by: ChosenBy::Override,
            warnings,
        });
    }

    let utf8 = TextEncoding::Utf8.decode_strict(body);
    let (text, encoding, chosen_by) = match utf8 {
        Ok(text) => {
            let how = if had_bom {
                ChosenBy::Bom
            } else if body.is_ascii() {
                ChosenBy::Ascii
            } else {
                ChosenBy::ValidUtf8
            };
            (text, TextEncoding::Utf8, how)
        }
        Err(mut utf8_err) => {
            if had_bom {
                utf8_err.offset += UTF8_BOM.len();
            }
            match TextEncoding::Gbk.decode_strict(body) {
                Ok(text) => (text, TextEncoding::Gbk, ChosenBy::GbkFallback),
                Err(mut gbk_err) => {
                    if had_bom {
                        gbk_err.offset += UTF8_BOM.len();
                    }
                    return Err(TextError::Undecodable {
                        utf8: utf8_err,
                        gbk: gbk_err,
                    });
                }
            }
        }
    };
    check_text(&text, &mut warnings);
    Ok(Decoded {
        text,
        encoding,
        had_bom,
        chosen_by,
        warnings,
    })
}

/// Flags text that decoded but still looks wrong: replacement characters already in the data (an earlier
/// tool's mojibake) or control characters (binary data, or the wrong encoding).
fn check_text(text: &str, warnings: &mut Vec<String>) {
    for (i, line) in text.split('\n').enumerate() {
        if line.contains('\u{FFFD}') {
            warnings.push(format!(
                "第 {} 行含替换字符 �，原数据可能已是乱码 / line {}: contains U+FFFD, the data may already be garbled",
                i + 1,
                i + 1
            ));
            return;
        }
        if line.chars().any(|c| c.is_control() && c != '\t' && c != '\r') {
            warnings.push(format!(
                "第 {} 行含控制字符，可能不是文本或编码有误 / line {}: control characters, not text or wrong encoding",
                i + 1,
                i + 1
            ));
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // "界址点" in GBK: 界 BD E7, 址 D6 B7, 点 B5 E3.
    const JIEZHIDIAN_GBK: &[u8] = b"\xBD\xE7\xD6\xB7\xB5\xE3";

    #[test]
    fn gbk_is_detected_and_decoded() {
        let d = decode(JIEZHIDIAN_GBK, None).unwrap();
        assert_eq!(d.encoding, TextEncoding::Gbk);
        assert_eq!(d.text, "界址点");
        assert_eq!(d.chosen_by, ChosenBy::GbkFallback);
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn utf8_with_bom_is_stripped() {
        let mut b = UTF8_BOM.to_vec();
        b.extend_from_slice("界址点".as_bytes());
        let d = decode(&b, None).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.had_bom),
            ("界址点", TextEncoding::Utf8, true)
        );
    }

    #[test]
    fn override_wins_and_warns_when_label_looks_wrong() {
        // UTF-8 "地块" = E5 9C B0 E5 9D 97: three valid GBK pairs, so GBK "succeeds" — and we warn.
        let d = decode("地块".as_bytes(), Some(TextEncoding::Gbk)).unwrap();
        assert_eq!(d.encoding, TextEncoding::Gbk);
        assert!(d.warnings.iter().any(|w| w.contains("label may be wrong")));
        // UTF-8 "界址点" = E7 95 8C E5 9D 80 E7 82 B9: the last byte is a lone GBK lead byte at offset 8.
        let Err(TextError::Override(e)) = decode("界址点".as_bytes(), Some(TextEncoding::Gbk)) else {
            panic!("expected an override error")
        };
        assert_eq!((e.encoding, e.offset, e.line), (TextEncoding::Gbk, 8, 1));
        let d = decode(JIEZHIDIAN_GBK, Some(TextEncoding::Gbk)).unwrap();
        assert_eq!(d.text, "界址点");
        assert!(matches!(
            decode(JIEZHIDIAN_GBK, Some(TextEncoding::Utf8)),
            Err(TextError::Override(_))
        ));
    }

    #[test]
    fn garbage_names_offset_and_line() {
        // Line 2 starts at offset 3; 0xFF is neither UTF-8 nor a GBK lead byte.
        let err = decode(b"ab\n\xFF\xFFx", None).unwrap_err();
        let TextError::Undecodable { utf8, gbk } = err else {
            panic!("{err}")
        };
        assert_eq!((utf8.offset, utf8.line), (3, 2));
        assert_eq!((gbk.offset, gbk.line), (3, 2));
        assert!(utf8.to_string().contains("FF FF"));
    }

    #[test]
    fn encode_gbk_round_trips_and_refuses_emoji() {
        assert_eq!(TextEncoding::Gbk.encode("界址点").unwrap(), JIEZHIDIAN_GBK);
        let e = TextEncoding::Gbk.encode("a\nb😀").unwrap_err();
        assert_eq!((e.character, e.line), ('😀', 2));
    }

    #[test]
    fn labels_and_ldid() {
        assert_eq!(TextEncoding::from_label("GB2312"), Some(TextEncoding::Gbk));
        assert_eq!(TextEncoding::from_label("UTF-8"), Some(TextEncoding::Utf8));
        assert_eq!(TextEncoding::from_dbf_ldid(0x4D), Some(TextEncoding::Gbk));
        assert_eq!(TextEncoding::from_dbf_ldid(0x57), None);
    }

    #[test]
    fn control_characters_are_flagged() {
        let d = decode(b"ok\nbad\x01", None).unwrap();
        assert!(d.warnings.iter().any(|w| w.contains("line 2")));
    }
}
