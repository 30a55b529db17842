//! Boundary TXT reader: any bytes must give a file or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stockfirst::io::boundary_txt::{ReadOptions, parse_boundary_txt};
use stockfirst::io::text_encoding::TextEncoding;

fuzz_target!(|data: &[u8]| {
    stockfirst_fuzz_support::allow_guarded_panics();
    // The last byte picks the options, so forced encodings and an assumed zone are covered too.
    let opts = match data.last().map(|b| b % 4) {
        Some(1) => ReadOptions {
            encoding: Some(TextEncoding::Gbk),
            default_zone: None,
        },
        Some(2) => ReadOptions {
            encoding: Some(TextEncoding::Utf8),
            default_zone: Some(38),
        },
        _ => ReadOptions::default(),
    };
    if let Ok(f) = parse_boundary_txt(data, "fuzz.txt", &opts) {
        // Whatever was read must be writable again.
        let _ = stockfirst::io::boundary_txt::boundary_txt_bytes(&f.header, &f.parcels, &Default::default());
    }
});
