//! What can be wrong with rules or a scenario. The io layer adds file and line.

use super::{PoolId, Tier};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QuotaError {
    #[error("规则缺失：{what} / missing rule: {what}")]
    MissingRule { what: String },
    #[error("规则重复：{what} / rule given twice: {what}")]
    DuplicateRule { what: String },
    #[error("规则数值无效：{what} / invalid rule value: {what}")]
    InvalidRule { what: String },
    #[error(
        "层级 {tier:?} 的顺序引用了未定义的指标库 {pool:?} / tier {tier:?} names pool {pool:?} which the rules do not define"
    )]
    UndefinedPool { tier: Tier, pool: PoolId },
    #[error("项目重复：“{name}” / duplicate project `{name}`")]
    DuplicateProject { name: String },
    #[error("县区重复：“{county}” / county `{county}` listed twice")]
    DuplicateCounty { county: String },
    #[error("项目“{project}”的{field}为负数 {mu} 亩 / project `{project}`: {field} is negative ({mu} mu)")]
    NegativeArea {
        project: String,
        field: &'static str,
        mu: f64,
    },
    #[error("{what} 为负数或无效：{mu} 亩 / {what} is negative or not a number: {mu} mu")]
    NegativeBalance { what: String, mu: f64 },
    #[error(
        "项目“{project}”占用耕地 {cultivated} 亩大于新增建设用地 {new_land} 亩 / project `{project}`: cultivated {cultivated} mu exceeds new land {new_land} mu"
    )]
    CultivatedExceedsNewLand {
        project: String,
        cultivated: f64,
        new_land: f64,
    },
    #[error("项目“{project}”的县区未知：请指定县区 / project `{project}`: no county given or found from the location")]
    NoCounty { project: String },
    #[error("未知县区“{county}” / unknown county `{county}`")]
    UnknownCounty { county: String },
    #[error("日期“{text}”无效，应为 YYYY-MM-DD / invalid date `{text}`, expected YYYY-MM-DD")]
    InvalidDate { text: String },
    #[error(
        "项目“{project}”日期 {date} 不在计划年度 {plan_year} / project `{project}`: date {date} is outside plan year {plan_year}"
    )]
    DateOutsidePlanYear {
        project: String,
        date: String,
        plan_year: i32,
    },
    #[error(
        "指标库 {pool:?} 由规则推算（条款（七）（八）（九）），情景不能直接给出 / pool {pool:?} is derived by the rules (clauses 七, 八, 九); a scenario cannot open it"
    )]
    DerivedPoolOpened { pool: PoolId },
    #[error("{what}应在 0…1 之间（0.35 表示 35%）：{value} / {what} must be a fraction in 0..=1: {value}")]
    FractionOutOfRange { what: String, value: f64 },
    #[error("指标库 {pool:?} 重复给出期初数 / pool {pool:?} opened twice")]
    PoolOpenedTwice { pool: PoolId },
    #[error(
        "盘活指标年度 {given} 与规则（八）的 {expected} 年不符 / revitalisation quota year {given} but clause (八) speaks of {expected}"
    )]
    RevitalisationYear { given: i32, expected: i32 },
}
