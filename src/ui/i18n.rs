//! Every string the app shows, in Chinese (default) and English. Widgets take their text from here so a language
//! switch is one field, and tests find widgets by the same labels officers read.

use crate::model::Lang;

/// One visible text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Text {
    /// The text in `lang`.
    ///
    /// ```
    /// use stockfirst::{model::Lang, ui::t};
    /// assert_eq!(t::MENU_FILE.get(Lang::Zh), "文件");
    /// assert_eq!(t::MENU_FILE.get(Lang::En), "File");
    /// ```
    pub fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

macro_rules! texts {
    ($($name:ident = $zh:literal, $en:literal;)*) => {
        $(pub const $name: super::Text = super::Text { zh: $zh, en: $en };)*
        /// All texts, for the coverage test.
        pub const ALL: &[super::Text] = &[$($name),*];
    };
}

/// The texts, by widget.
pub mod t {
    texts! {
        APP_TITLE = "存量优先 · 焦作市存量土地匹配", "Stock First · Jiaozuo stock-land matching";
        MENU_FILE = "文件", "File";
        MENU_VIEW = "视图", "View";
        MENU_TOOLS = "工具", "Tools";
        MENU_HELP = "帮助", "Help";
        OPEN_LIBRARY = "打开存量图库…", "Open stock library…";
        OPEN_SHARED = "打开共享图库…", "Open shared library (PostGIS)…";
        LOAD_SAMPLE = "加载示例图库", "Load sample library";
        OPEN_PROJECT = "打开项目…", "Open project…";
        SAVE_PROJECT = "保存项目", "Save project";
        SAVE_PROJECT_AS = "项目另存为…", "Save project as…";
        EXPORT_HTML = "导出决策稿 (HTML)…", "Export decision draft (HTML)…";
        EXPORT_CSV = "导出候选 (CSV/XLSX)…", "Export candidates (CSV/XLSX)…";
        EXPORT_TABLES = "导出报表 (XLSX/CSV)…", "Export tables (XLSX/CSV)…";
        EXPORT_REPORT = "导出打印地图 (PNG/PDF) 或决策文书 (DOCX)…", "Export print map (PNG/PDF) or decision document (DOCX)…";
        PUBLISH_SITE = "发布公开目录（网页）…", "Publish the public catalogue (web)…";
        PUBLISHED = "已发布可供地块", "Published available parcels";
        EXPORT_SKETCH = "导出草图 (TXT/SHP/GeoJSON)…", "Export sketch (TXT/SHP/GeoJSON)…";
        IMPORT_FOOTPRINT = "导入项目红线 (TXT/GDAL)…", "Import footprint (TXT/GDAL)…";
        QUIT = "退出", "Quit";
        ZOOM_EXTENT = "缩放至全图", "Zoom to extent";
        ZOOM_SELECTION = "缩放至选中", "Zoom to selection";
        ZOOM_IN = "放大", "Zoom in";
        ZOOM_OUT = "缩小", "Zoom out";
        SHOW_LEDGER = "台账", "Ledger";
        SHOW_LAYERS = "图层面板", "Layers panel";
        SHOW_SIDE = "侧边栏", "Side panel";
        LANGUAGE = "语言", "Language";
        LANG_ZH = "中文", "中文";
        LANG_EN = "English", "English";
        TOOL_NAVIGATE = "浏览", "Navigate";
        TOOL_SKETCH = "绘制项目用地", "Sketch footprint";
        SNAP = "捕捉", "Snap";
        SNAP_PX = "捕捉距离 (像素)", "Snap distance (px)";
        UNDO = "撤销", "Undo";
        REDO = "重做", "Redo";
        FINISH_SKETCH = "完成草图", "Finish sketch";
        CLEAR_SKETCH = "清除草图", "Clear sketch";
        TARGET_AREA = "按目标面积绘制", "Draw to a target area";
        TARGET_MU = "目标面积 (亩)", "Target area (mu)";
        TARGET_RECT = "画矩形", "Rectangle";
        TARGET_SCALE = "缩放草图", "Scale sketch";
        ABOUT = "关于", "About";
        ABOUT_TEXT = "存量优先：新增项目先用存量，再用增量指标。依据《焦作市存量优先用地意见》(2026)。", "Stock first: new projects take stock land first, then increment quota. Per Jiaozuo's 2026 stock-first opinions.";
        SHORTCUTS = "快捷键", "Shortcuts";
        SHORTCUTS_TEXT = "拖动平移 · 滚轮缩放 · +/− 缩放 · 绘制：单击加点，双击或回车完成，Esc 取消，退格删点，Ctrl+Z 撤销", "Drag to pan · wheel to zoom · +/− zoom · Sketch: click adds, double-click or Enter finishes, Esc cancels, Backspace removes, Ctrl+Z undo";
        LAYERS = "图层", "Layers";
        LEGEND = "图例", "Legend";
        LAYER_PARCELS = "存量地块", "Stock parcels";
        LAYER_LABELS = "地块标注", "Parcel labels";
        LAYER_SKETCH = "项目草图", "Project sketch";
        LAYER_CANDIDATES = "候选地块", "Candidate parcels";
        LAYER_COUNTIES = "县界", "County lines";
        FILL_BY = "填充依据", "Fill by";
        FILL_KIND = "存量类型", "Stock kind";
        FILL_USE = "规划用途", "Planned use";
        TAB_PROJECT = "项目", "Project";
        TAB_CANDIDATES = "候选", "Candidates";
        TAB_QUOTA = "指标", "Quota";
        PROJECT_NAME = "项目名称", "Project name";
        USE = "用途", "Use";
        SEARCH_USE = "搜索用途…", "Search use…";
        REQUIRED_MU = "需求面积 (亩)", "Required area (mu)";
        USE_SKETCH_AREA = "取草图面积", "Use sketch area";
        COUNTY = "县区", "County";
        COUNTY_AUTO = "(按位置)", "(from location)";
        TIER = "项目层级", "Tier";
        SKETCH_AREA = "草图面积", "Sketch area";
        NO_SKETCH = "尚未绘制。选择“绘制项目用地”后在地图上单击加点。", "No sketch yet. Choose “Sketch footprint” and click on the map.";
        MATCHING = "匹配中…", "Matching…";
        MATCH_PENDING = "匹配引擎尚未接入", "Matching engine not wired yet";
        OVERLAY = "套核", "Overlay";
        ON_STOCK = "落在存量上", "On stock";
        NEW_LAND = "新增建设用地", "New construction land";
        RANK = "序", "#";
        CLASS = "类别", "Class";
        DISTANCE = "距离", "Distance";
        REASONS = "理由", "Reasons";
        CHOOSE = "选用", "Choose";
        CHOSEN = "已选用", "Chosen";
        NO_CANDIDATES = "暂无候选。先绘制草图并选择用途。", "No candidates. Sketch a footprint and pick a use.";
        SCENARIO = "情景", "Scenario";
        OPEN_SCENARIO = "打开情景…", "Open scenario…";
        OPEN_CONTROLS = "打开管控图层…", "Open control layers…";
        COMPLIANCE = "合规性审查", "Compliance review";
        CONTROL_LAYERS = "管控图层", "Control layers";
        NO_CONTROLS = "未加载管控图层（文件 → 打开管控图层）", "No control layers (File → Open control layers)";
        REVIEWING = "审查中…", "Reviewing…";
        LAND_LEGEND = "地类图例 (三调)", "Land-class legend (3rd survey)";
        LAND_CLASS_TABLE = "地类面积汇总表", "Land-class area table";
        LAND_CODE = "地类编码", "Code";
        LAND_NAME = "地类名称", "Land class";
        AREA_MU = "面积 (亩)", "Area (mu)";
        CULTIVATED_NET = "耕地 (扣除田坎)", "Cultivated (net of ridges)";
        TIANKAN = "田坎", "Field ridges (tiankan)";
        PERMANENT_FARMLAND = "永久基本农田", "Permanent basic farmland";
        ECO_REDLINE = "生态保护红线", "Ecological red line";
        DEV_BOUNDARY = "城镇开发边界", "Urban development boundary";
        OUTSIDE_BOUNDARY = "城镇开发边界外", "Outside the development boundary";
        PLANAR_MU = "平面面积", "Planar area";
        ELLIPSOIDAL_MU = "椭球面积", "Ellipsoidal area";
        DIFFERENCE = "差值", "difference";
        FINDINGS = "审查意见", "Findings";
        BLOCKING = "否决", "Blocking";
        INCREMENT_CULTIVATED = "新增用地占用耕地", "Cultivated land in the increment";
        NOT_KNOWN = "未知（缺图层）", "unknown (no layer)";
        FROM_OVERLAY = "叠加分析值", "from the overlay";
        OVERRIDDEN = "已人工修改", "overridden by hand";
        USE_OVERLAY = "采用叠加值", "Use the overlay value";
        ADD_PROJECT = "加入本项目", "Add this project";
        POOL = "指标库", "Pool";
        BEFORE = "加入前", "Before";
        AFTER = "加入后", "After";
        CLAUSE = "条款", "Clause";
        NEXT_YEAR = "下一年度县区计划指标", "Next year's county quota";
        BALANCES_OVER_YEAR = "年内余额", "Balances over the year";
        QUOTA_PENDING = "指标引擎尚未接入", "Quota engine not wired yet";
        LEDGER = "台账", "Ledger";
        LEDGER_SEARCH = "按编号搜索", "Search by number";
        ALL_COUNTIES = "全部县区", "All counties";
        ALL_KINDS = "全部类型", "All kinds";
        ALL_USES = "全部用途", "All uses";
        ALL_STATUSES = "全部状态", "All statuses";
        COL_ID = "编号", "Number";
        COL_NAME = "名称", "Name";
        COL_KIND = "类型", "Kind";
        COL_USE = "用途", "Use";
        COL_STATUS = "状态", "Status";
        COL_MU = "亩", "Area (mu)";
        STATS = "合计", "Total";
        PARCELS_UNIT = "宗", "parcels";
        CHANGE_STATUS = "变更状态", "Change status";
        NOTE = "备注", "Note";
        APPLY = "应用", "Apply";
        CORRECTION = "更正", "Correction";
        CANCEL = "取消", "Cancel";
        AUDIT_LOG = "变更记录", "Audit log";
        IDENTIFY = "地块属性", "Parcel attributes";
        CANDIDATE_CULTIVATED = "增量占用耕地", "Cultivated land its increment takes";
        CANDIDATE_INCREMENT = "增量", "increment";
        ESTIMATED_AROUND = "，按地块周边估算", ", estimated around the parcel";
        APPROVAL = "批准文号", "Approval no.";
        IDLE_SINCE = "闲置起始", "Idle since";
        REMARKS = "备注", "Remarks";
        STATUS_CURSOR = "坐标", "Cursor";
        STATUS_ZONE = "CGCS2000 3°带 38", "CGCS2000 3° zone 38";
        STATUS_SCALE = "比例尺", "Scale";
        STATUS_PARCELS = "地块", "Parcels";
        STATUS_SELECTION = "选中", "Selected";
        NONE = "无", "none";
        LOADING = "正在加载图库…", "Loading library…";
        LOAD_FAILED = "加载失败", "Load failed";
        PATH = "路径", "Path";
        PATH_FIELD = "文件路径", "File path";
        OPEN = "打开", "Open";
        SAVE = "保存", "Save";
        BROWSE = "浏览…", "Browse…";
        RECOVER_TITLE = "发现未保存的项目", "Unsaved project found";
        RECOVER_TEXT = "上次退出时有自动保存的项目，是否恢复？", "An autosaved project from last time was found. Recover it?";
        RECOVER = "恢复", "Recover";
        DISCARD = "丢弃", "Discard";
        SAVED = "已保存", "Saved";
        EXPORTED = "已导出", "Exported";
        ERROR = "错误", "Error";
        MU = "亩", "mu";
        HECTARE = "公顷", "ha";
        SELF_CROSSING = "草图自相交", "Sketch crosses itself";
        MAP = "地图", "Map";
        SKETCH = "草图", "Sketch";
        CLAUSE_TWO = "第（二）条", "clause (二)";
        OVERLAP_MU = "重叠 (亩)", "Overlap (mu)";
        SHARE_OF_PARCEL = "占地块", "Of parcel";
        SHARE_OF_FOOTPRINT = "占红线", "Of footprint";
        EXAMINED = "宗已检查", "parcels examined";
        MERGED = "归并", "merged";
        LOCATE = "定位", "Locate";
        SCORE = "得分", "Score";
        UNNAMED_PROJECT = "未命名项目", "Unnamed project";
        NO_SCENARIO = "尚未打开情景", "No scenario open";
        PROJECTS_UNIT = "个项目", "projects";
        PROJECT_NEW_LAND = "本项目新增建设用地", "This project's new construction land";
        CULTIVATED_MU = "其中耕地 (亩)", "of which cultivated (mu)";
        DATE = "日期", "Date";
        PROJECT_DRAWS = "本项目用指标", "This project's draws";
        BALANCE_AFTER = "余额", "Balance after";
        SHORT = "缺口", "Short";
        OPENING = "期初", "Opening";
        CULTIVATED_SHARE = "占耕比", "Cultivated share";
        BASE = "基数", "Base";
        ADJUSTMENTS = "奖惩", "Adjustments";
        NEXT_YEAR_MU = "下年指标", "Next year";
        FLAGS = "资格", "Flags";
        FLAG_ADVANCED = "先进单位优先", "advanced-unit priority";
        FLAG_DEMO = "可推荐示范县", "demonstration county";
        FLAG_NOT_ADVANCED = "取消评先", "no advanced status";
        DRAFT_TITLE = "存量优先用地决策稿", "Stock-first land decision draft";
        DRAFT_SUBTITLE = "焦作市 · 依据《存量优先用地意见》第（一）至（十七）条", "Jiaozuo · per the stock-first opinions, clauses (一)–(十七)";
        DRAFT_FOOTER = "合成样例数据仅供演示；本稿由 stockfirst 生成，供会商参考。", "Synthetic sample data for demonstration; generated by stockfirst for discussion.";
        DRAFT_REQUIREMENT = "项目用地需求", "Requirement";
        DRAFT_CHOSEN = "选用方案", "Chosen option";
        DRAFT_QUOTA = "指标影响", "Quota effect";
        EDIT_SCENARIO = "编辑情景", "Edit scenario";
        PLAN_QUOTA = "计划指标 (亩)", "Plan quota (mu)";
        COMPENSATION_QUOTA = "补充耕地指标 (亩)", "Compensation quota (mu)";
        REMOVE = "移除", "Remove";
        MONTH = "月份", "Month";
        ONLY_CHANGED = "仅显示有变化的指标库", "Only pools that change";
        FRAME_MS = "帧耗时", "Frame";
        TIER_NATIONAL = "国家重大项目", "National major";
        TIER_PROV_MAJOR = "省政府重大单体项目", "Provincial-government major single-site";
        TIER_PROV_KEY = "省重点项目", "Provincial key";
        TIER_MUNI_KEY = "市重点项目(三十工程)", "Municipal key (三十工程)";
        TIER_ORDINARY = "一般项目", "Ordinary";
        PROJECT_FILE = "项目文件", "Project file";
        AUTOSAVED = "已自动保存", "Autosaved";
        NO_LIBRARY = "未加载图库", "No library loaded";
        STOCK_SUMMARY = "存量合计", "Stock total";
        SELECT_ROW = "在台账中选择一宗地块以变更状态", "Select a parcel in the ledger to change its status";
        FIELD_MAPPING = "字段映射", "Field mapping";
        FIELD_MAPPING_MENU = "字段映射…", "Field mapping…";
        LAYER = "图层", "layer";
        FEATURES = "个要素", "features";
        NO_FIELD = "（无）", "(none)";
        REQUIRED_MARK = "必填（或默认存量类型）", "required (or a default kind)";
        AMBIGUOUS = "⚠ 多个字段可选，请核对", "⚠ several fields fit: check";
        AREA_UNIT = "面积单位", "Area unit";
        UNIT_AUTO = "自动判定", "Detect";
        UNIT_M2 = "平方米", "m²";
        DEFAULT_KIND = "默认存量类型", "Default stock kind";
        TEXT_ENCODING = "文字编码", "Text encoding";
        ENCODING_AUTO = "自动检测", "Detect";
        PREVIEW_ROWS_TITLE = "预览（前 5 行，按此映射载入）", "Preview (first 5 rows as they would load)";
        PREVIEWING = "正在预览…", "Previewing…";
        MAPPING_PROBLEMS = "问题", "Problems";
        SKIPPED = "跳过", "skipped";
        WOULD_LOAD = "可载入", "would load";
        CANNOT_LOAD = "无法载入", "cannot load";
        SAVED_PROFILES = "已保存的方案", "Saved profiles";
        PROFILE_NAME = "方案名称", "Profile name";
        SAVE_AS_PROFILE = "保存为方案", "Save as a profile";
        APPLY_MAPPING = "应用映射", "Apply mapping";
        PROFILE_OFFERED = "已保存的方案与此文件字段相同，已预选", "A saved profile has this file's fields; preselected";
        PROFILE_MISFIT = "字段映射方案不再适用于此文件，缺少字段", "The field profile no longer fits this file; fields missing";
        PROFILE_SAVED = "已保存字段映射方案", "Saved field profile";
        CONTROL_ROLES = "管控图层角色", "Control layer roles";
        CONTROL_ROLES_MENU = "管控图层角色…", "Control layer roles…";
        ROLE = "角色", "role";
        ROLE_AUTO = "（自动识别）", "(recognised automatically)";
        LAYERS_READ = "可读图层", "layers read";
        ROLES_SAVED = "已保存图层角色表", "Saved the role map";
    }
}

/// The layer panel's texts: basemaps, the online layer, reference vectors (issue 13).
#[cfg_attr(not(test), allow(dead_code))]
pub mod layer_t {
    texts! {
        LAYER_CONTROLS = "管控图层", "Control layers";
        BASEMAP = "底图", "Basemap";
        ONLINE = "在线底图", "Online basemap";
        REFERENCE = "参考图层", "Reference layer";
        ORDER_HINT = "上层在前；上移/下移调整叠放次序", "Top layer first; raise/lower to change the order";
        RAISE = "上移", "Raise";
        LOWER = "下移", "Lower";
        REMOVE_LAYER = "移除", "Remove";
        ADD_LAYERS = "添加图层", "Add layers";
        LAYER_PATH = "图层文件路径", "Layer file path";
        ADD_RASTER = "添加栅格底图", "Add raster basemap";
        ADD_REFERENCE = "添加参考图层", "Add reference layer";
        LABEL_FIELD = "标注字段", "Label field";
        ASSUME_CRS = "无坐标系时按工作坐标系 (EPSG:4526)", "No CRS: treat as the working CRS (EPSG:4526)";
        TREAT_AS_WORKING = "按工作坐标系使用", "Treat as working CRS";
        TILES_DRAWN = "已绘制瓦片", "Tiles drawn";
        LOADING_TILES = "正在读取瓦片…", "Reading tiles…";
        NO_OVERVIEWS = "大影像没有金字塔（概视图），暂以粗略级别显示", "Large image without overviews: shown at a coarse level";
        BUILD_OVERVIEWS = "建立金字塔", "Build overviews";
        BUILDING_OVERVIEWS = "正在建立金字塔…", "Building overviews…";
        OVERVIEWS_BUILT = "金字塔已建立，级数", "Overviews built, levels";
        XYZ_TEMPLATE = "瓦片地址模板", "Tile URL template";
        XYZ_KEY = "密钥（不存入项目文件）", "Key (not stored in the project file)";
        SAVE_KEY = "保存密钥到用户配置", "Save key to user config";
        KEY_SAVED = "密钥已保存到", "Key saved to";
        ADD_ONLINE = "添加在线底图（默认关闭）", "Add online basemap (off by default)";
        OFFLINE_NOTE = "在线底图无法访问，缺失的瓦片未显示", "Online basemap unreachable: missing tiles not shown";
        FEATURES = "个要素", "features";
        OPACITY = "不透明度", "Opacity";
    }
}

/// The shared library's texts (PostGIS, issue 12): the permission view, the conflict dialog, the password dialog.
#[cfg_attr(not(test), allow(dead_code))]
pub mod shared_t {
    texts! {
        SHARED_LIBRARY = "共享图库", "Shared library";
        SHARED_CONNECTED = "已连接，实时更新", "Connected, live updates";
        SHARED_CONNECTING = "正在连接…", "Connecting…";
        SHARED_LOST = "与服务器的连接中断，正在重连；本地图库仍可使用", "Connection lost, reconnecting; the local copy stays usable";
        YOU_MAY_CHANGE = "您可修改的县区", "Counties you may change";
        NONE_MAY_CHANGE = "（无：只读）", "(none: read only)";
        LOGGED_IN_AS = "登录角色", "Logged in as";
        SENDING = "正在提交状态修改…", "Sending the status change…";
        WAITING_TO_SEND = "待重发的修改", "Changes waiting to be sent";
        RESEND = "重发", "Send again";
        CONFLICT_TITLE = "修改冲突", "Edit conflict";
        CONFLICT_EXPLAIN = "此地块在您修改期间已被他人修改。请选择保留哪一方：", "Someone changed this parcel while you decided. Keep which side?";
        THEIRS = "对方（服务器上）", "Theirs (on the server)";
        MINE = "我的", "Mine";
        VERSION = "版本", "Version";
        CHANGED_BY = "修改人", "Changed by";
        CHANGED_AT = "时间", "When";
        KEEP_THEIRS = "保留对方的修改", "Keep theirs";
        KEEP_MINE = "保留我的修改", "Keep mine";
        REFUSED_TITLE = "无权修改", "Change refused";
        CLOSE = "关闭", "Close";
        PASSWORD_TITLE = "数据库密码", "Database password";
        PASSWORD_FOR = "密码（只保存在内存中，不写入项目文件）", "Password (kept in memory only, never in the project file)";
        PASSWORD_WRONG = "密码错误，请重新输入", "Wrong password; type it again";
        CONNECT = "连接", "Connect";
        CANCEL = "取消", "Cancel";
        NOT_COMMITTED = "未提交，已保留，连接恢复后重发", "not committed; kept and sent again when the connection is back";
        OFFLINE_COPY = "离线副本", "Offline copy";
        CHECKED_OUT_FROM = "签出自", "Checked out from";
        SYNC = "同步", "Sync";
        SYNCING = "正在同步…", "Syncing…";
        SYNCED = "已同步", "Synced";
        UNSURE = "无法确认是否已提交，已保留在待发队列，连接恢复后核对", "unsure whether committed; kept in the outbox and checked when the connection is back";
    }
}

/// The 选址建议 panel's texts: 存量组合 and 智能选址 (issue 15).
#[cfg_attr(not(test), allow(dead_code))]
pub mod propose_t {
    texts! {
        PANEL = "选址建议（存量组合 · 智能选址）", "Site proposals (stock combinations · grown red lines)";
        FOR_REQUIREMENT = "按项目需求", "For the requirement";
        RUN = "生成选址建议", "Propose sites";
        RUN_HINT = "按项目页的用途、面积、县区、层级，从红线中心（或第一个点、选中地块、地图中心）起算", "From the project page's use, area, county and tier, starting at the red line's centre (or its first point, the selected parcel, the map's centre)";
        CANCEL = "取消", "Cancel";
        CANCELLED = "已取消，未显示任何未完成的结果", "Cancelled: nothing half-made is shown";
        NEED_AREA = "请先加载地块库并填写需求面积（亩）", "Load a library and enter the required area (亩) first";
        COMBINATIONS = "存量组合", "Stock combinations";
        CANDIDATE_PARCELS = "块可组合地块", "parcels may combine";
        BEST_SINGLE = "最佳单块地块的增量", "Best single parcel's increment";
        EXACT = "精确（分支定界）", "exact (branch and bound)";
        HEURISTIC = "启发式", "heuristic";
        METHOD = "方法", "Method";
        LABEL_PREFIX = "方案", "Proposal ";
        KIND_CONTIGUOUS = "相邻组合（条款（四））", "contiguous set (clause 四)";
        KIND_COMPACT = "紧凑组合", "compact set";
        KIND_SITE = "智能选址红线", "grown red line";
        ACCEPT = "采用为红线", "Use as red line";
        ACCEPTED = "已采用为项目红线，可在草图工具中修改", "Now the project's red line; edit it with the sketch tool";
        INCREMENT = "新增建设用地（增量）", "Increment (new land)";
        CULTIVATED = "增量占用耕地", "Cultivated land taken";
        NO_LAYERS = "未加载管控图层，未计算", "not computed: no control layers";
        LAND_CLASSES = "增量地类", "Increment land classes";
        DISTANCE = "距选址点", "Distance to the point";
        COMPACTNESS = "紧凑度", "Compactness";
        FOOTPRINT_AREA = "红线面积", "Red line area";
        REASONS = "理由", "Reasons";
    }
}

/// "1,234.5 亩 (82.30 公顷)" — 亩 first, as officers read it.
pub fn mu_ha(lang: Lang, area: crate::model::Area) -> String {
    format!(
        "{:.2} {} ({:.2} {})",
        area.mu(),
        t::MU.get(lang),
        area.hectares(),
        t::HECTARE.get(lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages() {
        for x in t::ALL
            .iter()
            .chain(layer_t::ALL)
            .chain(shared_t::ALL)
            .chain(propose_t::ALL)
        {
            assert!(!x.zh.is_empty() && !x.en.is_empty(), "{x:?}");
        }
    }

    #[test]
    fn area_line_shows_mu_then_hectares() {
        // 15 亩 = 1 公顷.
        let s = mu_ha(Lang::Zh, crate::model::Area::from_mu(15.0));
        assert_eq!(s, "15.00 亩 (1.00 公顷)");
    }
}
