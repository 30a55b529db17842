//! The RON loaders: quota rules, scenarios, field maps, matching rules and the app's project files. The first byte
//! picks the loader (R, S, F, M, P; any other byte by its value), the rest is the file text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use stockfirst::io::field_map::FieldMap;
use stockfirst::io::{assets, parse_match_rules, quota_files};
use stockfirst::model::Counties;
use stockfirst::quota::Rules;

fn fixed() -> &'static (Counties, Rules) {
    static FIXED: OnceLock<(Counties, Rules)> = OnceLock::new();
    FIXED.get_or_init(|| {
        let counties = assets::counties().expect("built-in counties");
        let rules = quota_files::builtin_rules().expect("built-in rules");
        (counties, rules)
    })
}

fuzz_target!(|data: &[u8]| {
    stockfirst_fuzz_support::allow_guarded_panics();
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let (counties, rules) = fixed();
    match which {
        b'R' => {
            let _ = quota_files::parse_rules(text, "fuzz.ron", counties);
        }
        b'S' => {
            let _ = quota_files::parse_scenario(text, "fuzz.ron", rules, counties);
        }
        b'F' => {
            let _ = assets::parse_ron::<FieldMap>(text, "fuzz.ron");
        }
        b'M' => {
            let _ = parse_match_rules(text, "fuzz.ron");
        }
        b'P' => {
            let _ = stockfirst::ui::parse_project_file(text, "fuzz.ron");
        }
        other => match other % 5 {
            0 => {
                let _ = quota_files::parse_rules(text, "fuzz.ron", counties);
            }
            1 => {
                let _ = quota_files::parse_scenario(text, "fuzz.ron", rules, counties);
            }
            2 => {
                let _ = assets::parse_ron::<FieldMap>(text, "fuzz.ron");
            }
            3 => {
                let _ = parse_match_rules(text, "fuzz.ron");
            }
            _ => {
                let _ = stockfirst::ui::parse_project_file(text, "fuzz.ron");
            }
        },
    }
});
