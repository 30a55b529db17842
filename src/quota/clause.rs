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

/// Where a rule comes from: a clause of the opinions, or — when the opinions say nothing — the national law or the
/// ordinary practice it rests on, shown as such so an officer never reads a clause number the seed does not state.
///
/// Written in files as a clause (`"七"`, `"（七）"`), as `"国家：<law and article>"` or as `"常规做法：<note>"`.
///
/// ```
/// use stockfirst::quota::{Basis, Clause};
/// let b: Basis = "十一".parse().unwrap();
/// assert_eq!(b.clause().map(Clause::number), Some(11));
/// assert_eq!(b.to_string(), "（十一）");
/// let law: Basis = "国家：《中华人民共和国土地管理法》第三十五条".parse().unwrap();
/// assert!(law.clause().is_none());
/// assert_eq!(law.to_string(), "国家规定：《中华人民共和国土地管理法》第三十五条（本意见未载）");
/// let p: Basis = "常规做法".parse().unwrap();
/// assert_eq!(p.to_string(), "常规做法（本意见未载）");
/// assert!("第十八条".parse::<Basis>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Basis {
    /// A clause of the 2026 opinions.
    Clause(Clause),
    /// A national law or regulation the opinions do not restate.
    National(String),
    /// Ordinary practice (常规做法): how bureaus do it, stated nowhere in the opinions.
    Practice(String),
}

const NATIONAL: &str = "国家";
const PRACTICE: &str = "常规做法";

impl Basis {
    /// The clause, when the opinions state the rule.
    pub fn clause(&self) -> Option<Clause> {
        match self {
            Basis::Clause(c) => Some(*c),
            _ => None,
        }
    }

    /// The clause numeral (`七`), or the basis text for a rule the opinions do not state.
    pub fn zh(&self) -> &str {
        match self {
            Basis::Clause(c) => c.zh(),
            Basis::National(s) | Basis::Practice(s) => s,
        }
    }

    /// An English label.
    pub fn en(&self) -> String {
        match self {
            Basis::Clause(c) => format!("clause ({})", c.number()),
            Basis::National(s) => format!("national rule: {s} (not in the opinions)"),
            Basis::Practice(s) if s.is_empty() => "ordinary practice (not in the opinions)".into(),
            Basis::Practice(s) => format!("ordinary practice: {s} (not in the opinions)"),
        }
    }
}

impl std::fmt::Display for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Basis::Clause(c) => write!(f, "{c}"),
            Basis::National(s) => write!(f, "国家规定：{s}（本意见未载）"),
            Basis::Practice(s) if s.is_empty() => write!(f, "{PRACTICE}（本意见未载）"),
            Basis::Practice(s) => write!(f, "{PRACTICE}：{s}（本意见未载）"),
        }
    }
}

impl std::str::FromStr for Basis {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let rest = |p: &str| {
            t.strip_prefix(p)
                .map(|r| r.trim_start_matches(['：', ':', ' ']).trim().to_string())
        };
        if let Some(r) = rest(PRACTICE) {
            return Ok(Basis::Practice(r));
        }
        if let Some(r) = rest(NATIONAL) {
            if r.is_empty() {
                return Err("“国家：”后须写明法律法规及条文 / name the national law after `国家：`".into());
            }
            return Ok(Basis::National(r));
        }
        t.parse::<Clause>().map(Basis::Clause).map_err(|e| {
            format!("{e}；或写 “国家：<法律法规条文>” / “常规做法：<说明>” / or `国家：<law>` / `常规做法：<note>`")
        })
    }
}

impl TryFrom<String> for Basis {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Basis> for String {
    fn from(b: Basis) -> String {
        match b {
            Basis::Clause(c) => c.zh().to_string(),
            Basis::National(s) => format!("{NATIONAL}：{s}"),
            Basis::Practice(s) if s.is_empty() => PRACTICE.to_string(),
            Basis::Practice(s) => format!("{PRACTICE}：{s}"),
        }
    }
}

impl From<Clause> for Basis {
    fn from(c: Clause) -> Basis {
        Basis::Clause(c)
    }
}
