//! A clause number of the 2026 opinions, （一）…（十七）. Officers trace every number to one of these.

use serde::{Deserialize, Serialize};

const NUMERALS: [&str; 17] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七",
];

/// One of the seventeen clauses. Written in files as `"七"`, `"（七）"`, `"(七)"` or `"7"`; shown as `（七）`.
///
/// ```
/// use stockfirst::quota::Clause;
/// let c: Clause = "（十六）".parse().unwrap();
/// assert_eq!(c.number(), 16);
/// assert_eq!(c.to_string(), "（十六）");
/// assert_eq!("7".parse::<Clause>().unwrap().zh(), "七");
/// assert!("十八".parse::<Clause>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Clause(u8);

impl Clause {
    /// The clause with this number, if it exists (1..=17).
    pub fn new(number: u8) -> Option<Clause> {
        (1..=17).contains(&number).then_some(Clause(number))
    }
    pub fn number(self) -> u8 {
        self.0
    }
    /// The Chinese numeral without brackets: `七`.
    pub fn zh(self) -> &'static str {
        NUMERALS[usize::from(self.0 - 1)]
    }
}

impl std::fmt::Display for Clause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "（{}）", self.zh())
    }
}

impl std::str::FromStr for Clause {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s
            .trim()
            .trim_start_matches(['（', '('])
            .trim_end_matches(['）', ')'])
            .trim();
        if let Ok(n) = t.parse::<u8>() {
            return Clause::new(n).ok_or_else(|| format!("条款编号 {n} 不在（一）…（十七）内 / no clause {n}"));
        }
        NUMERALS
            .iter()
            .position(|z| *z == t)
            .and_then(|i| u8::try_from(i + 1).ok())
            .map(Clause)
            .ok_or_else(|| format!("未知条款 “{s}” / unknown clause `{s}` (expected 一…十七)"))
    }
}

impl TryFrom<String> for Clause {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Clause> for String {
    fn from(c: Clause) -> String {
        c.zh().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_seventeen_round_trip() {
        for n in 1..=17u8 {
            let c = Clause::new(n).unwrap();
            assert_eq!(c.zh().parse::<Clause>().unwrap(), c);
            assert_eq!(c.to_string().parse::<Clause>().unwrap(), c);
        }
        assert!(Clause::new(0).is_none() && Clause::new(18).is_none());
    }

    #[test]
    fn half_width_brackets_and_digits() {
        assert_eq!("(九)".parse::<Clause>().unwrap().number(), 9);
        assert_eq!(" 17 ".parse::<Clause>().unwrap().zh(), "十七");
        assert!("abc".parse::<Clause>().is_err());
    }
}
