//! One test per clause and per number of the quota rules, each with its ledger worked by hand.
//! Rules come from the shipped file `assets/rules/jiaozuo-2026.ron`; the scenarios are built here.

use proptest::prelude::*;
use stockfirst::io::quota_files::{RULES_RON, builtin_rules, parse_rules, parse_scenario};
use stockfirst::quota::{
    CityOpening, CountyInput, Outcome, PoolId, Project, ProjectChange, Purpose, QuotaError, Revitalisation, Rules,
    Scenario, Tier, simulate, what_if,
};

const XIUWU: &str = "410821"; // 修武县, old area
const BOAI: &str = "410822"; // 博爱县, old area
const QINYANG: &str = "410882"; // 沁阳市, old area
const WUZHI: &str = "410823"; // 武陟县
const WENXIAN: &str = "410825"; // 温县

fn rules() -> Rules {
    builtin_rules().unwrap()
}

fn scenario() -> Scenario {
    let mut s = Scenario::new("test", 2026);
    s.provincial_average_cultivated_share = 0.30;
    s
}

fn open(s: &mut Scenario, pool: PoolId, mu: f64) {
    s.city_pools.push(CityOpening {
        pool,
        mu,
        guaranteed_per_project: false,
    });
}

fn project(name: &str, county: &str, tier: Tier, date: &str, new: f64, cult: f64) -> Project {
    Project::new(name, county, tier, date, new, cult).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// (pool, county, mu, balance_after) of each ledger line of a project, in order.
fn lines(o: &Outcome, name: &str) -> Vec<(PoolId, Option<String>, f64, f64)> {
    o.lines_of(name)
        .map(|l| {
            let a = &o.accounts[l.account];
            (a.key.pool, a.key.county.clone(), l.mu, l.balance_after)
        })
        .collect()
}

// ---------------------------------------------------------------- clause (五)

#[test]
fn clause_5_national_list_draws_the_national_pool() {
    // Clause (五): 焦平高铁 (national list) and 九渡水库 (provincial-government list) use 国家用地计划指标.
    // National pool 500 (capped):
    //   焦平高铁  300 → National 500 − 300 = 200
    //   九渡水库  250 → National 200 − 200 = 0, short 50 at National, clause (五)
    let mut s = scenario();
    open(&mut s, PoolId::National, 500.0);
    s.projects.push(project(
        "焦平高铁",
        WUZHI,
        Tier::NationalMajor,
        "2026-02-01",
        300.0,
        0.0,
    ));
    s.projects.push(project(
        "九渡水库",
        QINYANG,
        Tier::ProvincialMajorSingleSite,
        "2026-03-01",
        250.0,
        0.0,
    ));
    let o = simulate(&rules(), &s).unwrap();
    assert_eq!(lines(&o, "焦平高铁"), vec![(PoolId::National, None, 300.0, 200.0)]);
    assert_eq!(lines(&o, "九渡水库"), vec![(PoolId::National, None, 200.0, 0.0)]);
    assert_eq!(o.shortfalls.len(), 1);
    let sf = &o.shortfalls[0];
    assert_eq!((sf.mu, sf.pool, sf.clause.zh()), (50.0, Some(PoolId::National), "五"));
    // Neither tier may touch provincial basic quota.
    assert_eq!(o.closing_mu(PoolId::ProvincialBasic, None), Some(0.0));
}

#[test]
fn clause_5_guaranteed_pool_is_tracked_not_capped() {
    // Clause (五) “实现全要素、全流程保障”: a pool marked guaranteed per project never runs short.
    // National 100, guaranteed; 六股涧水库 250 → 100 from the balance, 150 granted; closing 0, drawn 250.
    let mut s = scenario();
    s.city_pools.push(CityOpening {
        pool: PoolId::National,
        mu: 100.0,
        guaranteed_per_project: true,
    });
    s.projects.push(project(
        "六股涧水库",
        XIUWU,
        Tier::ProvincialMajorSingleSite,
        "2026-04-01",
        250.0,
        0.0,
    ));
    let o = simulate(&rules(), &s).unwrap();
    let a = o.account(PoolId::National, None).unwrap();
    assert_eq!((a.opening, a.granted, a.drawn, a.closing), (100.0, 150.0, 250.0, 0.0));
    assert!(o.shortfalls.is_empty());
}

// ---------------------------------------------------------------- clause (六)

#[test]
fn clause_6_provincial_key_projects_use_provincial_basic() {
    // Clause (六): 省级重点项目 — 省级基础用地计划指标. Basic 200; 温县 is no old area, so nothing after it.
    //   两重两新 项目 120 → Basic 200 − 120 = 80
    //   超长期国债 项目 100 → Basic 80 − 80 = 0, short 20 at ProvincialBasic, clause (六)
    let mut s = scenario();
    open(&mut s, PoolId::ProvincialBasic, 200.0);
    s.counties.push(CountyInput::new(WENXIAN, 500.0, 0.0));
    s.projects.push(project(
        "两重两新项目",
        WENXIAN,
        Tier::ProvincialKey,
        "2026-01-10",
        120.0,
        0.0,
    ));
    s.projects.push(project(
        "超长期国债项目",
        WENXIAN,
        Tier::ProvincialKey,
        "2026-01-20",
        100.0,
        0.0,
    ));
    let o = simulate(&rules(), &s).unwrap();
    assert_eq!(
        lines(&o, "两重两新项目"),
        vec![(PoolId::ProvincialBasic, None, 120.0, 80.0)]
    );
    assert_eq!(
        lines(&o, "超长期国债项目"),
        vec![(PoolId::ProvincialBasic, None, 80.0, 0.0)]
    );
    let sf = &o.shortfalls[0];
    assert_eq!(
        (sf.mu, sf.pool, sf.clause.zh()),
        (20.0, Some(PoolId::ProvincialBasic), "六")
    );
    // The county's own plan quota (500) is not a provincial-key pool.
    assert_eq!(o.closing_mu(PoolId::CountyPlan, Some(WENXIAN)), Some(500.0));
}

// ---------------------------------------------------------------- clause (七)

#[test]
fn clause_7_three_hundred_mu_for_each_old_area_county_only() {
    // Clause (七): “修武县、博爱县、沁阳市，各优先配置300亩省级专项补助计划指标”.
    let o = simulate(&rules(), &scenario()).unwrap();
    for c in [XIUWU, BOAI, QINYANG] {
        assert_eq!(o.closing_mu(PoolId::OldAreaSpecial, Some(c)), Some(300.0), "{c}");
    }
    assert_eq!(o.closing_mu(PoolId::OldAreaSpecial, Some(WENXIAN)), None);
    assert_eq!(o.closing_mu(PoolId::OldAreaSpecial, Some(WUZHI)), None);
}

#[test]
fn clause_7_beyond_300_mu_the_city_coordinates() {
    // Clause (七) “指标超出部分由市级统筹调剂配置”. City coordination 150.
    //   博爱 三十工程 400 → OldAreaSpecial·博爱 300 − 300 = 0; CityCoordination 150 − 100 = 50
    let mut s = scenario();
    open(&mut s, PoolId::CityCoordination, 150.0);
    s.projects.push(project(
        "博爱三十工程",
        BOAI,
        Tier::MunicipalKey,
        "2026-05-01",
        400.0,
        0.0,
    ));
    let o = simulate(&rules(), &s).unwrap();
    assert_eq!(
        lines(&o, "博爱三十工程"),
        vec![
            (PoolId::OldAreaSpecial, Some(BOAI.into()), 300.0, 0.0),
            (PoolId::CityCoordination, None, 100.0, 50.0)
        ]
    );
    assert!(o.shortfalls.iter().all(|s| s.purpose != Purpose::NewLand));
}

#[test]
fn clause_7_ordinary_old_area_project_takes_special_then_own_plan_then_city() {
    // Rules file order for ordinary projects: (七) special, own plan, then (七) city coordination.
    // 修武 plan 10, city coordination 50:
    //   修武民宿 330 → Special·修武 300 → 0; CountyPlan·修武 10 → 0; CityCoordination 50 − 20 = 30
    let mut s = scenario();
    open(&mut s, PoolId::CityCoordination, 50.0);
    s.counties.push(CountyInput::new(XIUWU, 10.0, 0.0));
    s.projects
        .push(project("修武民宿", XIUWU, Tier::Ordinary, "2026-05-01", 330.0, 0.0));
    let o = simulate(&rules(), &s).unwrap();
    assert_eq!(
        lines(&o, "修武民宿"),
        vec![
            (PoolId::OldAreaSpecial, Some(XIUWU.into()), 300.0, 0.0),
            (PoolId::CountyPlan, Some(XIUWU.into()), 10.0, 0.0),
            (PoolId::CityCoordination, None, 20.0, 30.0),
        ]
    );
}

#[test]
fn clause_7_is_not_open_to_other_counties() {
    // Clause (七) names three counties. 温县 provincial key 50 with Basic 0 and coordination 100 → all 50 short,
    // the last pool tried is ProvincialBasic (六); coordination untouched.
    let mut s = scenario();
    open(&mut s, PoolId::CityCoordination, 100.0);
    s.projects.push(project(
        "温县项目",
        WENXIAN,
        Tier::ProvincialKey,
        "2026-05-01",
        50.0,
        0.0,
    ));
    let o = simulate(&rules(), &s).unwrap();
    assert!(lines(&o, "温县项目").is_empty());
    assert_eq!(
        (o.shortfalls[0].mu, o.shortfalls[0].pool),
        (50.0, Some(PoolId::ProvincialBasic))
    );
    assert_eq!(o.closing_mu(PoolId::CityCoordination, None), Some(100.0));
}

// ---------------------------------------------------------------- clause (八)

#[test]
fn clause_8_city_advances_70_percent_of_2025_revitalisation_quota() {
    // Clause (八): “由市级预支省级2025年度下达我市盘活指标的70%”: 1000 × 70% = 700.
    //   武陟 三十工程 800 → MunicipalAdvance 700 − 700 = 0; ProvincialBasic 150 − 100 = 50
    let mut s = scenario();
    s.revitalisation = Some(Revitalisation { year: 2025, mu: 1000.0 });
    open(&mut s, PoolId::ProvincialBasic, 150.0);
    s.projects.push(project(
        "武陟三十工程",
        WUZHI,
        Tier::MunicipalKey,
        "2026-06-01",
        800.0,
        0.0,
    ));
    let o = simulate(&rules(), &s).unwrap();
    assert!(close(o.account(PoolId::MunicipalAdvance, None).unwrap().opening, 700.0));
    let l = lines(&o, "武陟三十工程");
    assert_eq!(l.len(), 2);
    assert_eq!(l[0].0, PoolId::MunicipalAdvance);
    assert!(close(l[0].2, 700.0) && close(l[0].3, 0.0));
    assert_eq!(l[1].0, PoolId::ProvincialBasic);
    assert!(close(l[1].2, 100.0) && close(l[1].3, 50.0));
    assert!(o.shortfalls.is_empty());
}

#[test]
fn clause_8_only_the_2025_quota_is_advanced() {
    // Clause (八) speaks of 2025's revitalisation quota; a 2024 figure is refused before anything runs.
    let mut s = scenario();
    s.revitalisation = Some(Revitalisation { year: 2024, mu: 1000.0 });
    assert_eq!(
        simulate(&rules(), &s).unwrap_err(),
        QuotaError::RevitalisationYear {
            given: 2024,
            expected: 2025
        }
    );
}

#[test]
fn clause_8_ordinary_projects_cannot_use_the_advance() {
    // Only 三十工程-class projects get (八). Ordinary 武陟 40 with plan 30, advance 700 → 30 from plan, 10 short.
    let mut s = scenario();
    s.revitalisation = Some(Revitalisation { year: 2025, mu: 1000.0 });
    s.counties.push(CountyInput::new(WUZHI, 30.0, 0.0));
    s.projects
        .push(project("武陟一般项目", WUZHI, Tier::Ordinary, "2026-06-01", 40.0, 0.0));
    let o = simulate(&rules(), &s).unwrap();
    assert_eq!(
        lines(&o, "武陟一般项目"),
        vec![(PoolId::CountyPlan, Some(WUZHI.into()), 30.0, 0.0)]
    );
    assert_eq!(o.shortfalls[0].mu, 10.0);
    assert!(close(o.closing_mu(PoolId::MunicipalAdvance, None).unwrap(), 700.0));
}

// ---------------------------------------------------------------- clause (九)

#[test]
fn clause_9_municipal_adjustment_pool_is_20_percent_of_each_county() {
    // Clause (九): “由市级调剂库从统筹各县（市、区）的20%中先行保障”.
    //   温县 100 → county 80, city 20;  武陟 50 → county 40, city 10;  adjustment pool 30.
    let mut s = scenario();
    s.counties.push(CountyInput::new(WENXIAN, 0.0, 100.0));
    s.counties.push(CountyInput::new(WUZHI, 0.0, 50.0));
    let o = simulate(&rules(), &s).unwrap();
    assert!(close(
        o.closing_mu(PoolId::CountyCompensation, Some(WENXIAN)).unwrap(),
        80.0
    ));
    assert!(close(
        o.closing_mu(PoolId::CountyCompensation, Some(WUZHI)).unwrap(),
        40.0
    ));
    assert!(close(o.closing_mu(PoolId::MunicipalAdjustment, None).unwrap(), 30.0));
}

#[test]
fn clause_9_the_occupier_pays_first() {
    // Clause (九) “谁占用、谁补充”: 温县 comp 100 → 80 in the county.
    //   温县项目 new 40 (plan 100 − 40 = 60), cultivated 30 → CountyCompensation·温县 80 − 30 = 50
    let mut s = scenario();
    s.counties.push(CountyInput::new(WENXIAN, 100.0, 100.0));
    s.projects
        .push(project("温县项目", WENXIAN, Tier::Ordinary, "2026-03-01", 40.0, 30.0));
    let o = simulate(&rules(), &s).unwrap();
    assert_eq!(
        lines(&o, "温县项目"),
        vec![
            (PoolId::CountyPlan, Some(WENXIAN.into()), 40.0, 60.0),
            (PoolId::CountyCompensation, Some(WENXIAN.into()), 30.0, 50.0)
        ]
    );
    assert!(close(o.closing_mu(PoolId::MunicipalAdjustment, None).unwrap(), 20.0));
}

#[test]
fn clause_9_key_projects_fall_back_on_the_municipal_pool() {
    // Clause (九): for 三十工程-class projects the municipal pool pays when the county is short.
    //   comp 温县 50 → 40 + 10 city; 武陟 400 → 320 + 80 city; municipal pool 90.
    //   温县 三十工程 cultivated 100 → county 40 − 40 = 0; municipal 90 − 60 = 30.
    let mut s = scenario();
    s.revitalisation = Some(Revitalisation { year: 2025, mu: 1000.0 }); // 700 for the new land
    s.counties.push(CountyInput::new(WENXIAN, 0.0, 50.0));
    s.counties.push(CountyInput::new(WUZHI, 0.0, 400.0));
    s.projects.push(project(
        "温县三十工程",
        WENXIAN,
        Tier::MunicipalKey,
        "2026-03-01",
        200.0,
        100.0,
    ));
    let o = simulate(&rules(), &s).unwrap();
    let l = lines(&o, "温县三十工程");
    let cult: Vec<_> = l.iter().filter(|x| x.0.is_compensation()).collect();
    assert_eq!(cult.len(), 2);
    assert_eq!(cult[0].0, PoolId::CountyCompensation);
    assert!(close(cult[0].2, 40.0) && close(cult[0].3, 0.0));
    assert_eq!(cult[1].0, PoolId::MunicipalAdjustment);
    assert!(close(cult[1].2, 60.0) && close(cult[1].3, 30.0));
    assert!(o.shortfalls.is_empty());
    // Wuzhi's own compensation quota is never touched by a 温县 project.
    assert!(close(
        o.closing_mu(PoolId::CountyCompensation, Some(WUZHI)).unwrap(),
        320.0
    ));
}

#[test]
fn clause_9_ordinary_projects_have_no_municipal_fallback() {
    // Same county figures; an ordinary 温县 project with cultivated 100 → county 40, short 60 at
    // CountyCompensation, clause (九); municipal pool stays 90.
    let mut s = scenario();
    s.counties.push(CountyInput::new(WENXIAN, 200.0, 50.0));
    s.counties.push(CountyInput::new(WUZHI, 0.0, 400.0));
    s.projects.push(project(
        "温县一般项目",
        WENXIAN,
        Tier::Ordinary,
        "2026-03-01",
        200.0,
        100.0,
    ));
    let o = simulate(&rules(), &s).unwrap();
    let sf = &o.shortfalls[0];
    assert_eq!(
        (sf.purpose, sf.pool, sf.clause.zh()),
        (Purpose::Cultivated, Some(PoolId::CountyCompensation), "九")
    );
    assert!(close(sf.mu, 60.0));
    assert!(close(o.closing_mu(PoolId::MunicipalAdjustment, None).unwrap(), 90.0));
}

// ---------------------------------------------------------------- clause (十六)

/// A county with `new` 亩 of new land of which `cult` cultivated, plan quota 180, comp 1000.
fn one_county(new: f64, cult: f64, above_last_year: bool) -> Outcome {
    let mut s = scenario();
    let mut c = CountyInput::new(WENXIAN, 180.0, 1000.0);
    c.facts.above_average_last_year = above_last_year;
    s.counties.push(c);
    if new > 0.0 {
        s.projects
            .push(project("项目", WENXIAN, Tier::Ordinary, "2026-05-01", new, cult));
    }
    simulate(&rules(), &s).unwrap()
}

#[test]
fn clause_16_below_average_earns_200_mu_and_advanced_priority() {
    // Clause (十六): 占耕比 10 / 100 = 10% < 30% → +200; next year 180 + 200 = 380; advanced priority.
    let o = one_county(100.0, 10.0, false);
    let c = o.year_end.county(WENXIAN).unwrap();
    assert!(close(c.share.unwrap(), 0.10));
    assert_eq!(c.adjustment_mu(), 200.0);
    assert_eq!(c.next_year_mu, 380.0);
    assert!(c.eligibility.advanced_unit_priority && c.eligibility.demonstration_recommendable);
    assert!(!c.eligibility.score_deduction);
}

#[test]
fn clause_16_above_average_loses_100_mu_and_points() {
    // Clause (十六): 50 / 100 = 50% > 30% → −100; next year 180 − 100 = 80; score deducted; still recommendable
    // (first time above).
    let o = one_county(100.0, 50.0, false);
    let c = o.year_end.county(WENXIAN).unwrap();
    assert_eq!(c.adjustment_mu(), -100.0);
    assert_eq!(c.next_year_mu, 80.0);
    assert!(c.eligibility.score_deduction && c.eligibility.demonstration_recommendable);
    assert!(!c.eligibility.advanced_unit_priority);
}

#[test]
fn clause_16_above_twice_in_a_row_is_no_longer_a_demonstration_candidate() {
    // Clause (十六) “连续两次高于全省平均水平的今后不再推荐为节约集约示范县（市）”: above last year and this year.
    let o = one_county(100.0, 50.0, true);
    let c = o.year_end.county(WENXIAN).unwrap();
    assert!(!c.eligibility.demonstration_recommendable);
    assert_eq!(c.adjustment_mu(), -100.0); // the −100 still applies once
    // Above last year but below this year: the run is broken.
    let o = one_county(100.0, 10.0, true);
    assert!(
        o.year_end
            .county(WENXIAN)
            .unwrap()
            .eligibility
            .demonstration_recommendable
    );
}

#[test]
fn clause_16_exactly_average_is_neither_rewarded_nor_penalised() {
    // 15 / 50 = 30% = the average: no adjustment, next year 180.
    let o = one_county(50.0, 15.0, false);
    let c = o.year_end.county(WENXIAN).unwrap();
    assert!(c.adjustments.is_empty());
    assert_eq!(c.next_year_mu, 180.0);
    // No new land at all: no 占耕比, no adjustment.
    let o = one_county(0.0, 0.0, false);
    assert_eq!(o.year_end.county(WENXIAN).unwrap().share, None);
}

#[test]
fn clause_16_share_counts_every_project_in_the_county() {
    // 焦平高铁 (national) 300 / 150 cultivated, plus ordinary 100 / 0 → 150 / 400 = 37.5% > 30% → −100.
    let mut s = scenario();
    s.city_pools.push(CityOpening {
        pool: PoolId::National,
        mu: 0.0,
        guaranteed_per_project: true,
    });
    s.counties.push(CountyInput::new(WUZHI, 200.0, 1000.0));
    s.projects.push(project(
        "焦平高铁",
        WUZHI,
        Tier::NationalMajor,
        "2026-02-01",
        300.0,
        150.0,
    ));
    s.projects
        .push(project("武陟一般", WUZHI, Tier::Ordinary, "2026-03-01", 100.0, 0.0));
    let o = simulate(&rules(), &s).unwrap();
    let c = o.year_end.county(WUZHI).unwrap();
    assert!(close(c.share.unwrap(), 0.375));
    assert_eq!(c.next_year_mu, 100.0); // 200 − 100
}

// ---------------------------------------------------------------- clause (十七)

fn with_facts(illegal: f64, rectified: bool, criticised: bool, new: f64, cult: f64) -> Outcome {
    let mut s = scenario();
    let mut c = CountyInput::new(WENXIAN, 180.0, 1000.0);
    c.facts.illegal_occupation_mu = illegal;
    c.facts.rectified = rectified;
    c.facts.criticised = criticised;
    s.counties.push(c);
    s.projects
        .push(project("项目", WENXIAN, Tier::Ordinary, "2026-05-01", new, cult));
    simulate(&rules(), &s).unwrap()
}

#[test]
fn clause_17_more_than_20_mu_of_illegal_occupation_costs_200_mu() {
    // Clause (十七) “年度新增违法违规占用耕地超过20亩”: 20.5 > 20 → −200 and no advanced status.
    // Share 30 / 100 = 30% = average, so (十六) adds nothing: next year 180 − 200 → 0 (never negative).
    let o = with_facts(20.5, true, false, 100.0, 30.0);
    let c = o.year_end.county(WENXIAN).unwrap();
    assert_eq!(c.adjustment_mu(), -200.0);
    assert_eq!(c.next_year_mu, 0.0);
    assert!(!c.eligibility.advanced_eligible);
    // Exactly 20 亩, rectified: not “超过”, no deduction.
    let o = with_facts(20.0, true, false, 100.0, 30.0);
    let c = o.year_end.county(WENXIAN).unwrap();
    assert!(c.adjustments.is_empty() && c.eligibility.advanced_eligible);
}

#[test]
fn clause_17_unrectified_occupation_costs_200_mu() {
    // Clause (十七) “本年度内未完成整改”: 5 亩 not rectified → −200. Below average (10%): +200 too; they add up to 0.
    let o = with_facts(5.0, false, false, 100.0, 10.0);
    let c = o.year_end.county(WENXIAN).unwrap();
    assert_eq!(c.adjustments.len(), 2);
    assert_eq!(c.adjustment_mu(), 0.0); // +200 − 200
    assert_eq!(c.next_year_mu, 180.0);
    assert!(!c.eligibility.advanced_eligible && !c.eligibility.advanced_unit_priority);
    // The same 5 亩, rectified: no deduction.
    let o = with_facts(5.0, true, false, 100.0, 10.0);
    assert_eq!(o.year_end.county(WENXIAN).unwrap().adjustment_mu(), 200.0);
}

#[test]
fn clause_17_criticism_at_provincial_level_costs_200_mu() {
    // Clause (十七) “被省级以上通报批评、警示约谈、挂牌督办”: −200. Above average (50%): −100. Total −300;
    // next year 180 − 300 → 0.
    let o = with_facts(0.0, true, true, 100.0, 50.0);
    let c = o.year_end.county(WENXIAN).unwrap();
    assert_eq!(c.adjustment_mu(), -300.0);
    assert_eq!(c.next_year_mu, 0.0);
    assert!(!c.eligibility.advanced_eligible);
}

#[test]
fn clause_17_several_triggers_deduct_200_once() {
    // All three triggers in one county: one sentence of the clause, one deduction of 200 (not 600).
    let o = with_facts(30.0, false, true, 100.0, 30.0);
    let c = o.year_end.county(WENXIAN).unwrap();
    assert_eq!(c.adjustments.len(), 1);
    assert_eq!(c.adjustment_mu(), -200.0);
    assert!(
        c.adjustments[0].zh.contains("超过")
            && c.adjustments[0].zh.contains("整改")
            && c.adjustments[0].zh.contains("通报")
    );
}

// ---------------------------------------------------------------- engine behaviour

#[test]
fn projects_are_allocated_in_date_order() {
    // Plan 50. File order: B (June, 40), A (March, 40). A draws first: A 40 → 10 left; B 10, short 30.
    let mut s = scenario();
    s.counties.push(CountyInput::new(WENXIAN, 50.0, 0.0));
    s.projects
        .push(project("B", WENXIAN, Tier::Ordinary, "2026-06-01", 40.0, 0.0));
    s.projects
        .push(project("A", WENXIAN, Tier::Ordinary, "2026-03-01", 40.0, 0.0));
    let o = simulate(&rules(), &s).unwrap();
    assert_eq!(o.projects[0].project.name, "A");
    assert_eq!(lines(&o, "A")[0].3, 10.0);
    assert_eq!(o.project("B").unwrap().short_new_mu, 30.0);
}

#[test]
fn a_stock_match_shortfall_becomes_a_project() {
    use stockfirst::model::Area;
    // Clause (二): the increment a match could not cover (需补足增量) is new land. 45 亩 on 温县 plan 100 → 55.
    let mut s = scenario();
    s.counties.push(CountyInput::new(WENXIAN, 100.0, 0.0));
    s.projects.push(
        Project::from_shortfall(
            "M-1",
            "匹配项目",
            WENXIAN,
            Tier::Ordinary,
            "2026-07-01",
            Area::from_mu(45.0),
            Area::ZERO,
        )
        .unwrap(),
    );
    let o = simulate(&rules(), &s).unwrap();
    assert!(close(o.closing_mu(PoolId::CountyPlan, Some(WENXIAN)).unwrap(), 55.0));
    assert_eq!(o.projects[0].project.stock_match.as_ref().unwrap().match_id, "M-1");
}

#[test]
fn the_numbers_come_from_the_rules_file() {
    // Change 300 → 250 and 0.70 → 0.50 in the text: the engine follows (it has no numbers of its own).
    let counties = stockfirst::io::assets::counties().unwrap();
    let text = RULES_RON
        .replace("mu_each: 300.0", "mu_each: 250.0")
        .replace("share: 0.70", "share: 0.50");
    let r = parse_rules(&text, "edited.ron", &counties).unwrap();
    let mut s = scenario();
    s.revitalisation = Some(Revitalisation { year: 2025, mu: 1000.0 });
    let o = simulate(&r, &s).unwrap();
    assert_eq!(o.closing_mu(PoolId::OldAreaSpecial, Some(XIUWU)), Some(250.0));
    assert_eq!(o.closing_mu(PoolId::MunicipalAdvance, None), Some(500.0));
}

#[test]
fn what_if_reports_pools_projects_and_counties() {
    // Base: 温县 plan 100, project A 60 (10 cultivated). Variant adds B 30 (30 cultivated).
    //   plan 100 → 40 (base) / 10 (variant); share 10/60 = 16.7% → 40/90 = 44.4%: +200 → −100, next 300 → 0.
    let mut base = scenario();
    base.counties.push(CountyInput::new(WENXIAN, 100.0, 1000.0));
    base.projects
        .push(project("A", WENXIAN, Tier::Ordinary, "2026-03-01", 60.0, 10.0));
    let mut variant = base.clone();
    variant
        .projects
        .push(project("B", WENXIAN, Tier::Ordinary, "2026-04-01", 30.0, 30.0));
    let r = rules();
    let d = what_if(&simulate(&r, &base).unwrap(), &simulate(&r, &variant).unwrap());
    let plan = d.pools.iter().find(|p| p.key.pool == PoolId::CountyPlan).unwrap();
    assert_eq!((plan.base_closing, plan.variant_closing), (Some(40.0), Some(10.0)));
    assert_eq!(d.projects.len(), 1);
    assert_eq!(d.projects[0].change, ProjectChange::Added);
    let c = &d.counties[0];
    assert_eq!((c.base_next_year_mu, c.variant_next_year_mu), (Some(300.0), Some(0.0)));
    assert!(what_if(&simulate(&r, &base).unwrap(), &simulate(&r, &base).unwrap()).is_empty());
}

#[test]
fn sample_scenario_runs_and_triggers_every_rule() {
    let r = rules();
    let counties = stockfirst::io::assets::counties().unwrap();
    let text = std::fs::read_to_string("sample-data/scenario-2026.ron").unwrap();
    let s = parse_scenario(&text, "scenario-2026.ron", &r, &counties).unwrap();
    let o = simulate(&r, &s).unwrap();
    assert!(!o.shortfalls.is_empty(), "some pools run short");
    let has = |f: &dyn Fn(&stockfirst::quota::CountyYearEnd) -> bool| o.year_end.counties.iter().any(f);
    assert!(has(&|c| c.adjustments.iter().any(|a| a.mu == 200.0)));
    assert!(has(&|c| c.adjustments.iter().any(|a| a.mu == -100.0)));
    assert!(has(&|c| !c.eligibility.demonstration_recommendable));
    assert!(has(&|c| c
        .adjustments
        .iter()
        .any(|a| a.mu == -200.0 && a.zh.contains("超过"))));
    assert!(has(&|c| c
        .adjustments
        .iter()
        .any(|a| a.mu == -200.0 && a.zh.contains("整改"))));
    assert!(has(&|c| c
        .adjustments
        .iter()
        .any(|a| a.mu == -200.0 && a.zh.contains("通报"))));
    let v = std::fs::read_to_string("sample-data/scenario-2026-variant.ron").unwrap();
    let v = parse_scenario(&v, "scenario-2026-variant.ron", &r, &counties).unwrap();
    assert!(!what_if(&o, &simulate(&r, &v).unwrap()).is_empty());
}

// ---------------------------------------------------------------- bad input: file and line

const GOOD: &str = r#"Scenario(
    name: "t",
    plan_year: 2026,
    counties: [
        (county: "温县", plan_quota_mu: 100.0, compensation_quota_mu: 10.0),
    ],
    projects: [
        (name: "A", county: "温县", tier: Ordinary, date: "2026-03-01", new_land_mu: 10.0, cultivated_mu: 1.0),
        (name: "B", county: "410825", tier: Ordinary, date: "2026-04-01", new_land_mu: 10.0),
    ],
)
"#;

fn load_err(text: &str) -> String {
    let counties = stockfirst::io::assets::counties().unwrap();
    parse_scenario(text, "bad.ron", &rules(), &counties)
        .unwrap_err()
        .to_string()
}

#[test]
fn good_scenario_loads_with_names_resolved() {
    let counties = stockfirst::io::assets::counties().unwrap();
    let s = parse_scenario(GOOD, "good.ron", &rules(), &counties).unwrap();
    assert_eq!(s.projects[0].county, "410825");
    assert_eq!(s.counties[0].county, "410825");
}

#[test]
fn unknown_county_names_file_and_line() {
    let e = load_err(&GOOD.replace(r#"(name: "B", county: "410825""#, r#"(name: "B", county: "郑州市""#));
    assert!(e.starts_with("bad.ron:9:"), "{e}");
    assert!(e.contains("郑州市"), "{e}");
}

#[test]
fn unknown_tier_names_file_and_line() {
    let e = load_err(&GOOD.replace(
        "tier: Ordinary, date: \"2026-04-01\"",
        "tier: Provincial, date: \"2026-04-01\"",
    ));
    assert!(e.starts_with("bad.ron:9:"), "{e}");
    assert!(e.contains("Provincial"), "{e}");
}

#[test]
fn unknown_pool_names_file_and_line() {
    let text = GOOD.replace(
        "    counties: [",
        "    city_pools: [(pool: Nationwide, mu: 1.0)],\n    counties: [",
    );
    let e = load_err(&text);
    assert!(e.starts_with("bad.ron:4:"), "{e}");
    assert!(e.contains("Nationwide"), "{e}");
}

#[test]
fn derived_pool_in_scenario_is_refused_with_line() {
    let text = GOOD.replace(
        "    counties: [",
        "    city_pools: [(pool: MunicipalAdvance, mu: 1.0)],\n    counties: [",
    );
    let e = load_err(&text);
    assert!(e.starts_with("bad.ron:4:"), "{e}");
}

#[test]
fn negative_area_names_file_and_line() {
    let e = load_err(&GOOD.replace(
        "new_land_mu: 10.0, cultivated_mu: 1.0",
        "new_land_mu: -10.0, cultivated_mu: 0.0",
    ));
    assert!(e.starts_with("bad.ron:8:"), "{e}");
    assert!(e.contains("new_land_mu"), "{e}");
}

#[test]
fn cultivated_larger_than_project_names_file_and_line() {
    let e = load_err(&GOOD.replace("cultivated_mu: 1.0", "cultivated_mu: 11.0"));
    assert!(e.starts_with("bad.ron:8:"), "{e}");
    assert!(e.contains("11"), "{e}");
}

#[test]
fn duplicate_project_names_file_and_line_of_the_second() {
    let e = load_err(&GOOD.replace(r#"(name: "B""#, r#"(name: "A""#));
    assert!(e.starts_with("bad.ron:9:"), "{e}");
    assert!(e.contains("项目重复"), "{e}");
}

#[test]
fn every_problem_is_reported_and_nothing_runs() {
    // Two problems on two lines: both reported, one per line.
    let text = GOOD
        .replace(r#"(name: "B", county: "410825""#, r#"(name: "B", county: "郑州市""#)
        .replace("cultivated_mu: 1.0", "cultivated_mu: 11.0");
    let e = load_err(&text);
    assert_eq!(e.lines().count(), 2, "{e}");
    assert!(
        e.lines().any(|l| l.starts_with("bad.ron:8:")) && e.lines().any(|l| l.starts_with("bad.ron:9:")),
        "{e}"
    );
}

#[test]
fn date_outside_plan_year_names_line() {
    let e = load_err(&GOOD.replace("2026-04-01", "2025-04-01"));
    assert!(e.starts_with("bad.ron:9:"), "{e}");
}

#[test]
fn missing_tier_rule_names_rules_file_and_line() {
    let counties = stockfirst::io::assets::counties().unwrap();
    // Drop the Ordinary tier: the text from its TierRule to the end of the tiers list.
    let start = RULES_RON.find("TierRule(tier: Ordinary").unwrap();
    let end = start + RULES_RON[start..].find("\n    ],").unwrap();
    let text = format!("{}{}", &RULES_RON[..start], &RULES_RON[end..]);
    let e = parse_rules(&text, "rules.ron", &counties).unwrap_err().to_string();
    let tiers_line = 1 + RULES_RON[..RULES_RON.find("tiers:").unwrap()].matches('\n').count();
    assert!(e.starts_with(&format!("rules.ron:{tiers_line}:")), "{e}");
    assert!(e.contains("Ordinary"), "{e}");
}

#[test]
fn missing_rule_number_names_rules_file_and_line() {
    let counties = stockfirst::io::assets::counties().unwrap();
    let text = RULES_RON.replace("        mu_each: 300.0,\n", "");
    let e = parse_rules(&text, "rules.ron", &counties).unwrap_err().to_string();
    assert!(e.starts_with("rules.ron:"), "{e}");
    assert!(e.contains("mu_each"), "{e}");
}

#[test]
fn unknown_old_area_county_in_rules_names_line() {
    let counties = stockfirst::io::assets::counties().unwrap();
    let text = RULES_RON.replace(
        r#"counties: ["修武县", "博爱县", "沁阳市"]"#,
        r#"counties: ["修武县", "林州市", "沁阳市"]"#,
    );
    let e = parse_rules(&text, "rules.ron", &counties).unwrap_err().to_string();
    let line = 1 + text[..text.find("林州市").unwrap()].matches('\n').count();
    assert!(e.starts_with(&format!("rules.ron:{line}:")), "{e}");
}

// ---------------------------------------------------------------- properties

const COUNTIES: [&str; 11] = [
    "410802", "410803", "410804", "410811", "410821", "410822", "410823", "410825", "410882", "410883", "gaoxin",
];

fn arb_project() -> impl Strategy<Value = (usize, usize, u8, f64, f64)> {
    (
        0..COUNTIES.len(),
        0..Tier::ALL.len(),
        1u8..=28,
        0.0..400.0f64,
        0.0..1.0f64,
    )
}

fn arb_scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(arb_project(), 0..60),
        prop::collection::vec((0.0..300.0f64, 0.0..200.0f64), COUNTIES.len()),
        (
            0.0..2000.0f64,
            0.0..1500.0f64,
            0.0..300.0f64,
            0.0..800.0f64,
            any::<bool>(),
        ),
    )
        .prop_map(|(projects, quotas, (national, basic, coord, revit, guaranteed))| {
            let mut s = Scenario::new("prop", 2026);
            s.provincial_average_cultivated_share = 0.3;
            s.city_pools.push(CityOpening {
                pool: PoolId::National,
                mu: national,
                guaranteed_per_project: guaranteed,
            });
            s.city_pools.push(CityOpening {
                pool: PoolId::ProvincialBasic,
                mu: basic,
                guaranteed_per_project: false,
            });
            s.city_pools.push(CityOpening {
                pool: PoolId::CityCoordination,
                mu: coord,
                guaranteed_per_project: false,
            });
            s.revitalisation = Some(Revitalisation { year: 2025, mu: revit });
            for (c, (plan, comp)) in COUNTIES.iter().zip(quotas) {
                s.counties.push(CountyInput::new(*c, plan, comp));
            }
            for (i, (c, t, month_day, new, frac)) in projects.into_iter().enumerate() {
                let date = format!("2026-{:02}-{:02}", 1 + (month_day % 12), month_day);
                s.projects.push(project(
                    &format!("P{i}"),
                    COUNTIES[c],
                    Tier::ALL[t],
                    &date,
                    new,
                    new * frac,
                ));
            }
            s
        })
}

proptest! {
    #[test]
    fn opening_minus_draws_is_closing_and_never_negative(s in arb_scenario()) {
        let o = simulate(&rules(), &s).unwrap();
        for (i, a) in o.accounts.iter().enumerate() {
            let drawn: f64 = o.ledger.iter().filter(|l| l.account == i).map(|l| l.mu).sum();
            prop_assert!((a.drawn - drawn).abs() < 1e-6, "{:?}: ledger {} vs account {}", a.key, drawn, a.drawn);
            // opening (+ what a guaranteed pool granted) − draws = closing
            prop_assert!((a.opening + a.granted - drawn - a.closing).abs() < 1e-6, "{:?}", a);
            prop_assert!(a.closing >= 0.0, "{:?}", a);
            if !a.guaranteed_per_project { prop_assert_eq!(a.granted, 0.0); }
        }
        for l in &o.ledger {
            prop_assert!(l.balance_after >= 0.0 && l.mu > 0.0);
        }
    }

    #[test]
    fn every_mu_of_demand_is_allocated_or_reported_short(s in arb_scenario()) {
        let o = simulate(&rules(), &s).unwrap();
        for (i, p) in o.projects.iter().enumerate() {
            for (purpose, want, got, short) in [
                (Purpose::NewLand, p.project.new_land_mu, p.allocated_new_mu, p.short_new_mu),
                (Purpose::Cultivated, p.project.cultivated_mu, p.allocated_cultivated_mu, p.short_cultivated_mu),
            ] {
                let drawn: f64 = o.ledger.iter().filter(|l| l.project == i && l.purpose == purpose).map(|l| l.mu).sum();
                let reported: f64 = o.shortfalls.iter().filter(|x| x.project == i && x.purpose == purpose).map(|x| x.mu).sum();
                prop_assert!((drawn + reported - want).abs() < 1e-6, "{} {:?}: {} + {} ≠ {}", p.project.name, purpose, drawn, reported, want);
                prop_assert!((got - drawn).abs() < 1e-6 && (short - reported).abs() < 1e-6);
            }
        }
    }
}

// ---------------------------------------------------------------- honest citations (issue 10)

#[test]
fn a_step_the_opinions_do_not_state_names_its_basis_not_a_clause() {
    // The opinions list no "ordinary" tier, and clause (十六) is the year-end reward, not the source of a county's
    // plan quota. An ordinary draw on the county plan quota shows 常规做法, marked as not in the opinions; the pool
    // names the national law that creates it. The cultivated part still cites (九).
    let r = rules();
    let plan = r.pool(PoolId::CountyPlan).unwrap();
    assert!(
        matches!(plan.clause, stockfirst::quota::Basis::National(_)),
        "{:?}",
        plan.clause
    );
    assert!(plan.clause.to_string().contains("土地管理法") && plan.clause.to_string().contains("本意见未载"));
    let ordinary = r.tier(Tier::Ordinary).unwrap();
    assert!(ordinary.clause.clause().is_none());
    let mut s = scenario();
    s.counties.push(CountyInput::new(WENXIAN, 100.0, 50.0));
    s.projects
        .push(project("一般项目", WENXIAN, Tier::Ordinary, "2026-03-01", 30.0, 10.0));
    let o = simulate(&r, &s).unwrap();
    let l: Vec<_> = o.lines_of("一般项目").collect();
    assert_eq!(l.len(), 2);
    let shown = l[0].clause.to_string();
    assert!(shown.starts_with("常规做法") && shown.contains("本意见未载"), "{shown}");
    assert!(!shown.contains("十六"));
    assert_eq!(l[1].clause.to_string(), "（九）");
    // A county short of plan quota: the shortfall names the practice too, never (十六) or (一).
    let mut s = scenario();
    s.counties.push(CountyInput::new(WUZHI, 10.0, 0.0));
    s.projects
        .push(project("武陟一般项目", WUZHI, Tier::Ordinary, "2026-03-01", 30.0, 0.0));
    let o = simulate(&r, &s).unwrap();
    let sf = &o.shortfalls[0];
    assert!(sf.clause.clause().is_none(), "{:?}", sf.clause);
}
