//! WKB from GDAL's Arrow stream: any bytes must give polygons or an error; what is read must survive repair.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    stockfirst_fuzz_support::allow_guarded_panics();
    if let Ok(mp) = stockfirst::io::wkb::read_polygons(data) {
        let _ = stockfirst::geometry::repair(&mp);
    }
});
