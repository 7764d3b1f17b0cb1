//! The one translation table: every user-visible string of the app, in Chinese and English.
//!
//! Lever, group, fund and balancing-rule labels come from the model's catalogue (which carries
//! both languages); everything else is a [`T`] key here. Templates use `{}` placeholders that
//! [`fill`] replaces in order.

/// The UI language: the renderer's [`crate::render::Lang`], one type for the screen, the chart
/// files and the report.
pub use crate::render::Lang;

macro_rules! texts {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A translatable text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $(#[doc = $en] $key),* }

        impl T {
            /// Every key, for checks over the whole table.
            pub const ALL: &'static [T] = &[$(T::$key),*];

            /// The text in a language.
            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::Zh) => $zh, (T::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

texts! {
    AppName => "医保基金政策模拟器", "Medical insurance fund simulator";
    // Menus.
    MenuFile => "文件", "File";
    MenuEdit => "编辑", "Edit";
    MenuView => "视图", "View";
    New => "新建", "New";
    Open => "打开…", "Open…";
    Save => "保存", "Save";
    SaveAs => "另存为…", "Save as…";
    Recent => "最近打开", "Open recent";
    RecentEmpty => "（无）", "(none)";
    ClearRecent => "清空列表", "Clear list";
    Quit => "退出", "Quit";
    Undo => "撤销", "Undo";
    Redo => "重做", "Redo";
    UndoNamed => "撤销：{}", "Undo: {}";
    RedoNamed => "重做：{}", "Redo: {}";
    ResetAll => "重置为基准", "Reset to baseline";
    ShowLeverPanel => "显示政策参数面板", "Show lever panel";
    ReferenceLines => "显示国际参考线（德国、韩国）", "Show reference lines (Germany, Korea)";
    DarkMode => "深色主题", "Dark theme";
    Language => "语言", "Language";
    // Lever panel.
    Levers => "政策参数", "Policy levers";
    ScenarioTitle => "方案名称", "Scenario title";
    Balancing => "收支平衡规则", "Balancing rule";
    Horizon => "预测终止年", "Horizon";
    FromYear => "自", "from";
    StartYear => "起始年份", "start year";
    YearSuffix => "年起", "on";
    ResetLever => "重置", "Reset";
    ResetLeverHint => "恢复现行政策（基准）值", "Back to the current-law value";
    Changed => "已修改", "Changed";
    ChangedProvince => "本省已覆盖", "Province override";
    EditPath => "路径", "Path";
    PathKind => "路径类型", "Path kind";
    PathSteps => "阶梯（Steps）", "Steps";
    PathLinear => "线性（Linear）", "Linear";
    PathIndexed => "指数化（Indexed）", "Indexed";
    AddKey => "添加年份", "Add year";
    RemoveKey => "删除", "Remove";
    NotInEffect => "尚未生效", "not yet in effect";
    ShiftWholePath => "整条路径平移", "Shift whole path";
    ShiftWholePathHint => "滑块把路径上每个年份的值同时加减同一数额", "The slider adds the same amount to every year of the path";
    EditThisYearHint => "滑块只改这一年的值", "The slider edits this year only";
    SliderEditsWhole => "滑块：整条路径平移（{}个年份，{}–{}年）", "Slider: shifts the whole path ({} years, {}–{})";
    SliderEditsYear => "滑块：只改{}年的值", "Slider: edits {} only";
    DeltaLabel => "较现行政策", "vs current law";
    DeltaHint => "自{}年起在现行政策（{}）基础上增减，此后与现行政策同样指数化增长（差额随之增长）", "From {} on, added to current law ({}), then indexed like current law (the difference grows with it)";
    Freeze => "冻结于{}年水平", "Freeze at {} level";
    FreezeHint => "保持{}（{}年水平），自{}年起不再增长", "Hold {} (the {} level) from {} on";
    LawOverYears => "现行政策：{}", "Current law: {}";
    ScenarioOverYears => "本方案：{}", "this scenario: {}";
    PoolingPlaceholder => "统筹层次与调剂金在情景文件的 pooling 部分设置；地市级统筹或省级调剂金使用合成地市单元（非真实地市），以下参数决定其离散度与随机种子。", "Pooling levels and adjustment funds are set in the scenario file's pooling section; prefecture pooling and provincial adjustment funds use synthetic sub-units (not real prefectures), whose dispersion and seed these levers set.";
    AssumptionSection => "假设与技术参数", "Assumptions and technical parameters";
    AssumptionHint => "经济与行为假设、模型技术参数：一般保持默认值。", "Economic and behavioural assumptions and technical model parameters: usually left at their defaults.";
    HiddenLevers => "另有{}个尚未生效的参数未显示（方案文件设置后才显示）。", "{} levers not yet in effect are hidden (shown when a scenario sets them).";
    AboutScenario => "方案说明与参考文献", "Description and references";
    Description => "方案说明", "Description";
    References => "参考文献（每行一条）", "References (one per line)";
    ReferencesHint => "每行一条引用；空行不保存", "One citation per line; blank lines are not kept";
    ScopeNation => "全国参数", "National levers";
    ScopeProvince => "仅{}（@{}）", "{} only (@{})";
    ScopeHint => "选择一个省份后，可编辑仅适用于该省的参数覆盖。", "Select a province to edit overrides that apply to it only.";
    FilterLevers => "搜索参数…", "Search levers…";
    // Hover card.
    Unit => "单位", "Unit";
    ValidRange => "有效范围", "Valid range";
    AdviseRange => "建议范围", "Advised range";
    DefaultValue => "现行政策值", "Current law";
    Source => "来源", "Source";
    LeverId => "参数标识", "Lever id";
    ScenarioValue => "方案值", "Scenario";
    // Central area.
    UnitLabel => "地区", "Region";
    Nation => "全国", "Nation";
    SearchUnit => "搜索省份…", "Search provinces…";
    FundLabel => "基金", "Fund";
    TabFlows => "收支与当期结余", "Income & expenditure";
    TabReserve => "累计结存与可支付月数", "Reserve";
    TabGaps => "待遇差距", "Benefit gaps";
    TabBurden => "缴费负担", "Premium burden";
    TabProvinces => "省份格局", "Provinces";
    TabCompare => "方案对比", "Compare";
    // Uncertainty tab (issue 12).
    TabUncertainty => "不确定性", "Uncertainty";
    TabHeatmap => "热力图", "Heatmap";
    HeatX => "横轴", "X axis";
    HeatY => "纵轴", "Y axis";
    HeatSteps => "网格", "Grid";
    HeatDepletion => "耗尽年份", "Depletion year";
    HeatMonthsIn => "可支付月数，年份", "Months of reserve in";
    HeatNote => "每格为一次预测：两项参数自 {} 年起取该格的值（范围取自参数目录的建议区间），指标为{}·{}。", "Each cell is one projection with both levers set to its values from {} on (ranges: the catalogue's advised ranges); metric for {}, {}.";
    TornadoFlat => "没有一个输入改变{}年的这一指标（基金可能在此之前已经耗尽，或这些输入不作用于该基金）", "No input moves this metric in {} (the fund may be exhausted before then, or the inputs do not act on this fund)";
    HeatFlat => "每个格子的数值都相同：这两项参数不改变该地区该基金的这一指标（例如居民医保的参数之于职工医保）", "Every cell has the same value: these two levers do not move this metric of this unit's fund (e.g. resident levers on an employee fund)";
    HeatStale => "方案、地区或基金已改变，请重新计算", "The scenario, unit or fund changed; compute again";
    HeatEmpty => "选择两项参数与指标，然后点击“计算”", "Choose two levers and a metric, then Compute";
    HeatCompute => "计算", "Compute";
    HeatSameLever => "两个轴须为不同参数", "The two axes must be different levers";
    HeatCurrent => "当前方案", "Current scenario";
    HeatTitleDepletion => "耗尽年份热力图", "Depletion year heatmap";
    HeatTitleMonths => "{}年可支付月数热力图", "Months of reserve in {} heatmap";
    HeatHover => "{} = {}\n{} = {}\n{}：{}", "{} = {}\n{} = {}\n{}: {}";
    HeatNever => "至{}年未耗尽", "not depleted by {}";
    // Decomposition tab (issue 22).
    TabDecompose => "改革分解", "Decomposition";
    DecMetric => "指标", "Metric";
    DecMonths => "可支付月数", "Months of reserve";
    DecDepletion => "耗尽年份", "Depletion year";
    DecBackstop => "累计财政兜底", "Cumulative backstop";
    DecBurden => "最低收入组缴费负担", "Premium burden, lowest quintile";
    DecYear => "年份", "Year";
    DecSeed => "随机种子", "Seed";
    DecCompute => "分解", "Decompose";
    DecNote => "每项改动（参数路径、统筹层次、调剂金各算一项）对{}·{}该指标相对现行政策变化的贡献（沙普利值：与改动加入的顺序无关，各项之和等于总变化）。十项以内精确计算全部组合，超过十项按随机种子抽样排列并给出标准误。", "Each change's contribution (each lever path, pooling level and adjustment fund counts as one) to the change of this metric of {}, {} against current law (Shapley values: independent of the order changes are added, adding up to the total change). Up to ten changes every subset is projected; beyond, permutations are sampled with the seed and each value has a standard error.";
    DecEmpty => "选择指标，然后点击“分解”", "Choose a metric, then Decompose";
    DecStale => "方案、地区或基金已改变，请重新分解", "The scenario, unit or fund changed; decompose again";
    DecNoChange => "当前方案与现行政策相同，没有可分解的改动", "The scenario is current law: there is no change to decompose";
    DecTitle => "改革分解：{}", "Reform decomposition: {}";
    DecChange => "改动", "Change";
    DecContribution => "贡献", "Contribution";
    DecStdError => "标准误", "Std. error";
    DecAlone => "单独实施", "Alone";
    DecBaseline => "现行政策（基准）", "Current law (baseline)";
    BaselineTitle => "现行政策（基准）", "Current law (baseline)";
    DecScenario => "本方案", "This scenario";
    DecTotal => "合计", "Total";
    DecCensored => "耗尽年份“{}”表示至{}年未耗尽（按期末后一年计）", "A depletion year of {} means not depleted by {} (counted as the year after the horizon)";
    DecSampled => "抽样：{}个排列，种子{}", "Sampled: {} permutations, seed {}";
    DecExact => "精确：{}个组合", "Exact: {} subsets";
    DecUp => "增加", "Increase";
    DecDown => "减少", "Decrease";
    DecEnds => "基准与方案", "Baseline and scenario";
    UncertaintyNote => "随机模拟 {} 次（医疗费用增长、工资增长、利率的AR(1)冲击）", "{} stochastic draws (AR(1) shocks to medical cost growth, wages and interest)";
    UncertaintyStopped => "已取消", "Cancelled";
    Recompute => "重新计算", "Recompute";
    FanTitle => "累计结存分布（亿元）", "Balance distribution (100 million yuan)";
    Band5to95 => "5%–95%", "5%–95%";
    Band25to75 => "25%–75%", "25%–75%";
    Median => "中位数", "Median";
    Deterministic => "确定性预测", "Deterministic";
    LowCost => "低成本假设", "Low-cost assumptions";
    HighCost => "高成本假设", "High-cost assumptions";
    DepletionProbability => "到当年已耗尽的概率", "P(depleted by year)";
    TornadoTitle => "敏感性：{}年可支付月数（当前 {}）", "Sensitivity: months of reserve in {} (now {})";
    LowValue => "低值", "Low value";
    HighValue => "高值", "High value";
    SolveLever => "求解参数", "Solve for";
    SolveTarget => "目标", "Target";
    Solve => "求解", "Solve";
    SolveResult => "{} = {}（指标 {}）", "{} = {} (metric {})";
    ApplySolved => "应用", "Apply";
    SolveApplied => "已应用到方案（可撤销）", "Applied to the scenario (undoable)";
    SolveStale => "方案已修改，请重新求解", "The scenario changed; solve again";
    SolveAlwaysMet => "该参数取值范围内均满足目标", "Every value in the lever's range meets the target";
    SolveNeverMet => "该参数在 {} 至 {} 范围内均无法满足目标", "No value between {} and {} meets the target";
    SolveRowHint => "求此参数满足目标的取值（{}，{}）", "Find the value of this lever that meets a target ({}, {})";
    SolveFor => "{}，{}；设定{}，{}年起", "{}, {}; sets {} from {} on";
    SolveScopeNational => "全国参数", "the national value";
    SolveScopeProvince => "本省覆盖值", "this province's override";
    SolveGoalMonths => "每年可支付月数 ≥", "Months of reserve ≥";
    SolveGoalUntil => "直至", "in every year to";
    SolveGoalDepletion => "基金不早于此年耗尽：", "Fund not depleted before";
    SolveGoalBackstop => "累计兜底 = 0，直至", "Cumulative backstop = 0 to";
    SolveRun => "开始求解", "Solve now";
    TargetFund => "目标基金", "Fund";
    TargetMeasureLabel => "指标", "Measure";
    TargetOp => "比较", "Comparison";
    TargetValue => "目标值", "Value";
    TargetUntil => "直至", "until";
    TargetInYear => "年末，年份", "at the end of";
    TargetYear => "年份", "year";
    MeasureMonths => "可支付月数（每年）", "Months of reserve (every year)";
    MeasureBalance => "累计结存（亿元）", "Balance (100 million yuan)";
    MeasureBackstop => "累计财政兜底（亿元）", "Cumulative backstop (100 million yuan)";
    MeasureDepletion => "耗尽年份", "Depletion year";
    Outdated => "已过期：方案、地区、基金或数据已改变", "Outdated: the scenario, region, fund or data changed";
    SolveAgain => "重新求解", "Solve again";
    RunAgain => "重新计算", "Compute again";
    Close => "关闭", "Close";
    TabDifference => "方案与基准之差", "Scenario − baseline";
    NoData => "暂无预测数据（预测引擎尚未输出该序列）。", "No projection data yet (the engine does not produce this series yet).";
    // Headline cards.
    CardDepletion => "基金耗尽年份", "Depletion year";
    CardDepletionNation => "全国合计耗尽年份", "Depletion year (provinces together)";
    DepletionNationHint => "全国：各省（及调剂金）的净头寸——实际持有的结存减去至今的财政兜底等平衡措施——首次不为正的年份；“可支付月数”按净头寸计算。“基金结存”图以实线画出累计结存（实际持有），虚线为净头寸（未计兜底），两者之差（阴影）为累计兜底。最早耗尽的省份：{}（{}年）。", "Nation: the first year the net position of the provinces (and the adjustment fund) — the reserves they hold less the backstop and other balancing measures paid so far — is not positive; months of reserve are read from the net position. The reserve chart draws the reserves held solid and the net position dashed; the shade between them is the cumulative backstop. First province to run out: {} ({}).";
    CardFirstDeficit => "首次当期赤字", "First current deficit";
    CardMonths2035 => "2035年可支付月数", "Months of reserve, 2035";
    CardMonthsHorizon => "{}年可支付月数", "Months of reserve, {}";
    NegativeMonthsHint => "净头寸为负：至今的财政兜底等平衡措施超过实际持有的结存，差额相当于{}个月的支出（docs/model.md §7）。", "Net position below zero: the backstop and other balancing measures paid so far exceed the reserves held, by {} months of spending (docs/model.md §7).";
    CardBackstop => "累计财政兜底", "Cumulative backstop";
    // The treasury's view (issue 22).
    CardFiscal => "财政负担（{}年）", "Fiscal burden, {}";
    CardFiscalHint => "财政投入基金的资金——居民医保财政补助（中央与地方）、职工医保财政补助与财政兜底之和——占本地区一般公共预算支出的比例（地方预算口径；全国为各省之和，不含中央本级支出；最后公布年份之后按居民收入增长外推），下方为金额。详见“财政负担”页。", "Fiscal money paid into the funds — the resident subsidy (central and local), any subsidy to the employee funds and the backstop — as a share of the region's general budget expenditure (local budgets; the nation is the sum of the provinces, without the central government's own spending; grown with income after the last published year), with the amount below. See the Fiscal burden tab.";
    TabFiscal => "财政负担", "Fiscal burden";
    FiscalMoneyTitle => "财政投入基金的资金", "Fiscal money into the funds";
    FiscalShareTitle => "占一般公共预算支出比例", "Share of general budget expenditure";
    FiscalCentral => "中央财政补助", "Central subsidy";
    FiscalLocal => "地方财政补助", "Local subsidy";
    FiscalEmployee => "职工医保财政补助", "Employee fund subsidy";
    FiscalBackstop => "财政兜底", "Backstop";
    FiscalTotal => "合计", "Total";
    FiscalShareHealth => "占卫生健康支出", "Share of health line";
    FiscalShareBudget => "占一般预算支出", "Share of budget";
    FiscalBudget => "一般公共预算支出", "General budget expenditure";
    FiscalYear => "年份", "Year";
    FiscalNote => "居民医保补助按财政分担比例分为中央、地方两部分。预算为地方预算口径（全国为各省之和，不含中央本级支出）；一般公共预算支出{}年后、卫生健康支出{}年后按居民收入增长外推（表中标*）。居民医保地方提标收入（{}年 {}）未计入。", "The resident subsidy is split into central and local parts by the tier shares. Budgets are local budgets (the nation is the sum of the provinces, without the central government's own spending); general budget expenditure after {} and the health line after {} are grown with income (marked * in the table). The resident fund's local top-up ({}: {}) is not counted.";
    FiscalUnavailable => "没有该地区的预算数据", "No budget data for this unit";
    FirstBackstopNote => "首次兜底 {}", "first backstop {}";
    NoBackstopNote => "{}年前无兜底", "no backstop by {}";
    NotApplicable => "不适用", "n/a";
    AccountsNoDepletion => "个人账户是参保职工自己的钱，不能透支，因此没有耗尽年份；余额可降至零，此后未能支付的门诊需求见“个人账户未满足的门诊需求”。", "Personal accounts are members' own money and cannot be overdrawn, so they have no depletion year; the balance can reach zero, after which the outpatient need they cannot pay shows as the unmet account need.";
    AccountsClause => "不能透支，没有耗尽年份（余额可降至零，见未满足的门诊需求）", "cannot be overdrawn and has no depletion year (its balance can reach zero; see the unmet account need)";
    NotWithin => "{}年内不耗尽", "not by {}";
    EstimateTitle => "{} · 估算 {}–{}", "{} · estimate {}–{}";
    EstimateHint => "本省居民医保的基年结余率没有公开数据可依，按规则估算；括号内是把结余率下调、上调 {} 个百分点（已公布省份偏离全国结余率的标准差）时的耗尽年份。", "No published figure informs this province's base-year resident margin: it is estimated by rule. The bracket gives the depletion years with the margin moved down and up by {} points (the spread of the published provinces' deviations from the national margin).";
    Beyond => "{}年后", "after {}";
    NoDeficit => "{}年内无赤字", "none by {}";
    VsBaseline => "较基准 {}", "vs baseline {}";
    BaselineWas => "基准：{}", "baseline: {}";
    SameAsBaseline => "与基准相同", "same as baseline";
    Years => "{}年", "{} yr";
    // Burden tab and province grid (chart names: report::spec).
    BurdenYear => "年份", "Year";
    GridLegend => "颜色：可支付月数", "Colour: months of reserve";
    GridHint => "点击省份以选中", "Click a province to select it";
    GridView => "网格", "Grid";
    TableView => "表格", "Table";
    ProvinceCol => "省份", "Province";
    // Compare.
    PinCurrent => "固定当前方案", "Pin current scenario";
    AddFiles => "添加方案文件…", "Add scenario files…";
    ClearCompare => "清空对比", "Clear comparison";
    CompareMetric => "指标", "Metric";
    CompareFull => "最多对比{}个方案", "At most {} scenarios";
    CompareEmpty => "固定当前方案或添加方案文件，即可与当前方案叠加对比。", "Pin the current scenario or add scenario files to overlay them on the current one.";
    Remove => "移除", "Remove";
    ScenarioCol => "方案", "Scenario";
    Pinned => "（已固定）", " (pinned)";
    // Status line.
    BaseYear => "校准基年 {}", "Base year {}";
    Vintage => "数据 {}", "Data {}";
    OneWarning => "警告 1", "1 warning";
    Warnings => "警告 {}", "{} warnings";
    Unsaved => "未保存", "unsaved";
    Untitled => "未保存的新方案", "new scenario, not saved";
    Computing => "计算中…", "Computing…";
    Cancel => "取消", "Cancel";
    ProjectionMs => "预测用时 {} 毫秒", "projection {} ms";
    // Dialogs.
    UnsavedTitle => "有未保存的修改", "Unsaved changes";
    UnsavedBody => "方案“{}”有未保存的修改。是否先保存？", "The scenario “{}” has unsaved changes. Save them first?";
    DontSave => "不保存", "Don't save";
    OpenFailed => "无法打开方案文件", "Cannot open the scenario file";
    OpenFailedBody => "文件未通过校验，当前方案保持不变：", "The file did not pass validation; the current scenario is unchanged:";
    SaveFailed => "保存失败", "Saving failed";
    ExportChart => "导出图表", "Export chart";
    NoFiles => "（此文件夹中没有这类文件）", "(no files of this kind in this folder)";
    FolderEmpty => "（此文件夹为空）", "(this folder is empty)";
    FolderMissing => "（此文件夹尚不存在；保存或导出时会创建）", "(this folder does not exist yet; saving or exporting creates it)";
    Subfolders => "子文件夹：", "Subfolders:";
    TechnicalDetails => "技术细节", "Technical details";
    ExportReport => "导出报告包…", "Export report pack…";
    ExportingReport => "正在导出报告包", "Exporting the report pack";
    ExportBriefing => "导出简报…", "Export briefing…";
    Exported => "已导出：{}", "Exported: {}";
    CopyData => "复制数据", "Copy data";
    CopyDataHint => "以制表符分隔复制图中数据，可直接粘贴到 Excel/WPS", "Copy the plotted data as tab-separated text (pastes into Excel/WPS)";
    CopyImage => "复制图片", "Copy image";
    ChartMenu => "导出与复制", "Export & copy";
    ChartMenuHint => "窗口较窄：导出与复制按钮收在此菜单中", "The window is narrow: the export and copy buttons are in this menu";
    CopiedData => "数据已复制到剪贴板", "Data copied to the clipboard";
    CopiedImage => "图片已复制到剪贴板", "Image copied to the clipboard";
    CopyTable => "复制表格", "Copy table";
    ExportHint => "导出与图中完全相同的数据系列", "Exports exactly the plotted series";
    Ok => "确定", "OK";
    RecoverTitle => "恢复未保存的工作？", "Recover unsaved work?";
    RecoverBody => "上次退出时有未保存的方案“{}”（自动保存于 {}）。", "Yibao did not close cleanly; an autosave of “{}” exists ({}).";
    Recover => "恢复", "Recover";
    Discard => "丢弃", "Discard";
    RecoverUnreadable => "有一个自动保存文件无法读取，已保留未删除：{}（{}）", "An autosave cannot be read; it is kept, not deleted: {} ({})";
    RecoverLater => "稍后决定", "Decide later";
    OverwriteTitle => "覆盖带注释的文件？", "Overwrite a file with comments?";
    OverwriteBody => "{} 含有注释，保存后注释将不再保留。", "{} has comments, which saving does not keep.";
    OverwriteConfirm => "仍然保存", "Save anyway";
    FileWarnings => "文件已打开，但有以下提示：", "The file opened with these warnings:";
    NoPortal => "系统的文件对话框打不开（本机没有提供文件选择服务）。请在下方输入文件路径，或从常用位置和列表中选择。", "The system's file dialog cannot open (this computer offers no file-chooser service). Type the file's path below, or pick it from the places and the list.";
    NoPortalDetail => "桌面文件对话框服务（xdg-desktop-portal 的文件选择器）不可用。系统报告：", "The desktop file-dialog service (xdg-desktop-portal's file chooser) is not available. The system reported:";
    Shortcuts => "常用位置：", "Places:";
    ScenariosFolder => "示例方案文件夹", "Example scenarios";
    PathLabel => "路径", "Path";
    NoRonFiles => "（此文件夹中没有 .ron 方案文件）", "(no .ron scenario files in this folder)";
    WillOverwrite => "该文件已存在，保存将覆盖它。", "The file exists; saving replaces it.";
    OpenButton => "打开", "Open";
    AddButton => "添加", "Add";
    DropHint => "松开鼠标以打开方案文件", "Drop to open the scenario file";
    DropNotRon => "只能打开 .ron 方案文件：{}", "Only .ron scenario files can be opened: {}";
    Opened => "已打开 {}", "Opened {}";
    Saved => "已保存 {}", "Saved {}";
    // Undo entry names.
    EditTitle => "方案名称", "title";
    EditBalancing => "平衡规则 → {}", "balancing → {}";
    EditHorizon => "终止年 {}→{}", "horizon {}→{}";
    EditReset => "重置 {}", "reset {}";
    EditPathNamed => "{} 路径", "{} path";
    EditYear => "{} 起始年 {}→{}", "{} start year {}→{}";
    Unset => "基准", "baseline";
    EditShift => "{} 整条路径 {}→{}", "{} whole path {}→{}";
    EditDelta => "{} 较现行政策 {}", "{} {} over current law";
    EditFreeze => "冻结 {}（{}年起）", "freeze {} from {}";
    EditSolved => "求解 {} = {}（目标 {}）", "solve {} = {} (target {})";
    EditDescription => "方案说明", "description";
    EditReferences => "参考文献", "references";
    // Automatic naming of an edited baseline.
    UntitledScenario => "未命名方案（基于现行政策）", "Untitled (from current law)";
    ChangesPrefix => "改动：", "Changes: ";
    FromYearValue => "{}年起 {}", "from {}: {}";
    LinearSuffix => "（线性）", " (linear)";
    // Sentence.
    SentenceNoData => "暂无预测结果。", "No projection results yet.";
    SentenceBaseline => "现行政策下，{}（{}）{}。", "Under current law, the {} ({}) {}.";
    SentenceReform => "与现行政策相比，{}（{}）{}；{}；{}。", "Compared with current law, the {} ({}) {}; {}; {}.";
    DepletesIn => "将在{}年耗尽累计结存", "runs out of reserves in {}";
    NeverDepletes => "在{}年前不会耗尽", "does not run out before {}";
    DepletionLater => "耗尽年份推迟{}年至{}年", "runs out {} years later, in {}";
    DepletionEarlier => "耗尽年份提前{}年至{}年", "runs out {} years earlier, in {}";
    DepletionLaterOne => "耗尽年份推迟1年至{}年", "runs out 1 year later, in {}";
    DepletionEarlierOne => "耗尽年份提前1年至{}年", "runs out 1 year earlier, in {}";
    DepletionSame => "耗尽年份不变（{}年）", "still runs out in {}";
    DepletionAvoided => "由{}年耗尽变为{}年前不耗尽", "would have run out in {} but now lasts beyond {}";
    DepletionNew => "将在{}年耗尽（基准下{}年前不耗尽）", "now runs out in {} (baseline: not before {})";
    DepletionNeither => "与基准一样在{}年前不耗尽", "like the baseline, does not run out before {}";
    MonthsUp => "2035年可支付月数增加{}个月至{}个月", "months of reserve in 2035 rise by {} to {}";
    MonthsDown => "2035年可支付月数减少{}个月至{}个月", "months of reserve in 2035 fall by {} to {}";
    MonthsSame => "2035年可支付月数基本不变（{}个月）", "months of reserve in 2035 are about unchanged ({})";
    MonthsUnknown => "2035年可支付月数无法计算", "months of reserve in 2035 are not available";
    BackstopUp => "累计财政兜底增加{}亿元", "the cumulative backstop rises by {} bn yuan";
    BackstopDown => "累计财政兜底减少{}亿元", "the cumulative backstop falls by {} bn yuan";
    BackstopNone => "无需财政兜底", "no backstop is needed";
    BackstopSame => "累计财政兜底不变", "the cumulative backstop is unchanged";
    // What each kind of warning means, in plain words (the status line's 警告 on click).
    WarningsTitle => "这些提示是什么意思", "What these warnings mean";
    WarningsClickHint => "点击查看说明", "Click for an explanation";
    WarningsDetail => "详细：", "Details: ";
    PlainUnknownSetting => "方案文件里有本程序不认识的设置，已跳过；其余设置照常生效。", "The scenario file has a setting this program does not know; it was skipped and everything else applies as usual.";
    PlainCalibration => "模型用历史数据校准时，为某个省份做了自动调整。结果可以使用，但该省的数字不如其他省份精确。", "While fitting the model to past data, one province needed an automatic adjustment. The results can be used, but that province's numbers are less exact than the others'.";
    PlainHistoryFactor => "在已公布全国数字的历史年份，模型把自己的计算结果按比例调到与公布数一致。这一年这一项的调整超过了 ±15%，说明模型的起点与公布数差得较多；调整后的数字与公布数一致，结果可以使用。", "In past years with published national figures, the model scales its own results to match them. For this year and item the adjustment was more than ±15%, so the model's starting point was some way from the published figure; after the adjustment the numbers match the published ones and the results can be used.";
    PlainBackstopHistory => "按公布的数据，某个省份在已过去的年份里就已入不敷出、需要财政兜底。模型照此计算，这个省份的起点较弱。", "By the published figures, one province already spent more than it took in during a past year and needed the treasury's backstop. The model starts that province from this weaker position.";
    PlainHorizon => "预测终止年超出了允许的范围，已改为最接近的允许年份。", "The horizon was outside the allowed range and was moved to the nearest allowed year.";
    PlainReimbursement => "某个省份的报销比例超出了合理上限，已按上限计算。", "One province's reimbursement rate went past a sensible ceiling and was capped.";
    PlainEmptyPool => "某个省份的职工医保已覆盖全部参保人口，居民医保在该省没有参保人。", "In one province the employee scheme covers everyone insured, so its resident scheme has no members.";
    PlainSynthetic => "地市层面的数字是按统计规律模拟出来的，不是真实地市的数据；全国和各省的数字不受影响。", "The prefecture-level figures are simulated from statistical patterns, not real prefectures' data; the national and provincial figures are not affected.";
    PlainLoadedSubunits => "计算用的是你加载的真实地市数据。", "The figures use the real prefecture data you loaded.";
    PlainSubunitsRemainder => "加载的地市数字加起来与全省不一致，差额作为“全省其余地区”一个单元计算。", "The loaded prefectures do not add up to the province; the difference is counted as one unit, \"rest of province\".";
    PlainSubunitsUnused => "加载的地市数据在本方案中用不到：本方案不按地市统筹。", "The loaded prefecture data is not used: this scenario does not pool by prefecture.";
    PlainFileWarning => "打开文件时的提示：", "When the file was opened:";
    // Projection warnings (model::Warning), translated in src/app/warnings.rs.
    WarnUnknownLever => "未知参数“{}”，已忽略", "unknown lever `{}` ignored";
    WarnOverrideIgnored => "“{}”已忽略：无此省级覆盖", "`{}` ignored: no such province override";
    WarnRateClamped => "{}：退休人员个人账户划入超过账户收入，个人账户划入比例设为 0", "{}: the retiree account credit exceeds account income; individual rate set to 0";
    WarnBackstopHistory => "{}：{}需要财政兜底 {} 亿元（历史年份 {} 年）", "{}: the {} fund needs a backstop of {} 亿元 in the history year {}";
    WarnHistoryFactor => "历史年份 {} 年：{}的{}调整系数 {} 超出 0.85–1.15", "history year {}: the {} {} factor {} is outside 0.85–1.15";
    WarnCalibrationFailed => "校准第 {} 步，省份 {}：{}", "calibration step {}, province {}: {}";
    WarnHorizonClamped => "预测终止年 {} 已调整为 {}", "horizon {} clamped to {}";
    WarnRhoClamped => "{}：报销比例被限制在 0–{}", "{}: a reimbursement rate was clamped to 0–{}";
    WarnEmptyPool => "{}：职工参保人数已占满参保人口，居民参保人数为零", "{}: employee members fill the insured; resident pool is empty";
    WarnLoadedSubunits => "统筹：{}的地市单元为从 {} 加载的真实地市数据（非合成）", "pooling: the sub-units of {} are real prefectures loaded from {}, not synthetic";
    WarnSubunitsRemainder => "统筹：{}已加载的地市合计与全省基年相差 {}；差额作为一个单元 {}-00（全省其余地区）", "pooling: {}'s loaded sub-units miss the province's base year by {}; the rest is one sub-unit {}-00 (rest of province)";
    WarnSubunitsUnused => "统筹：从 {} 加载的地市单元未使用：本情景为省级及以上统筹且无省级调剂金", "pooling: the sub-units loaded from {} are not used: the scenario pools at province level or above without a provincial adjustment fund";
    WarnSynthetic => "统筹：地市单元为合成数据（非真实地市），由随机种子 {} 与离散度参数生成（人口份额 σ = {}；docs/model.md §12）", "pooling: the sub-units (CODE-NN) are synthetic, not real prefectures: drawn from seed {} with σ_cost, σ_income levers and σ_people {} (docs/model.md §12)";
    PoolingSection => "统筹层次与调剂金", "Pooling and adjustment funds";
    PoolingResident => "城乡居民医保统筹层次", "Resident scheme pooling level";
    PoolingEmployee => "职工医保统筹层次", "Employee scheme pooling level";
    PoolingAdjustment => "调剂金", "Adjustment funds";
    LevelPrefecture => "地市级统筹", "Prefecture";
    LevelProvince => "省级统筹", "Province";
    LevelNational => "全国统筹", "National";
    FundScopeProvince => "省级调剂金", "Provincial fund";
    FundScopeNational => "全国调剂金", "National fund";
    AddLevelStep => "添加统筹层次", "Add a pooling level";
    AddAdjustment => "添加调剂金", "Add an adjustment fund";
    RemoveStep => "删除", "Remove";
    EditPooling => "修改统筹层次与调剂金", "Pooling and adjustment funds";
    ItemIncome => "收入", "income";
    ItemExpenditure => "支出", "expenditure";
    ItemBalance => "累计结存", "balance";
    ItemCurrentBalance => "当期结存", "current balance";
    // Provincial accounts.
    LoadAccounts => "加载省级账户…", "Load provincial accounts…";
    ClearAccounts => "清除省级账户", "Clear provincial accounts";
    AccountsFailed => "无法使用省级账户文件", "Cannot use the provincial accounts file";
    AccountsFailedBody => "文件未通过校验或校准检查，当前数据保持不变：", "The file did not pass validation or the calibration's checks; the current data is unchanged:";
    AccountsStatus => "省级账户：{}", "Provincial accounts: {}";
    AccountsCleared => "已恢复内置省级账户", "Back to the built-in provincial accounts";
    LoadSubunits => "加载地市账户…", "Load prefecture accounts…";
    ClearSubunits => "清除地市账户", "Clear prefecture accounts";
    SubunitsFailed => "无法使用地市账户文件", "Cannot use the prefecture accounts file";
    SubunitsStatus => "地市账户：{}", "Prefecture accounts: {}";
    SubunitsCleared => "已恢复合成地市单元", "Back to synthetic sub-units";
    AccountsLoading => "正在加载省级账户…", "Loading provincial accounts…";
    NoCsvFiles => "（此文件夹中没有 .csv 文件）", "(no .csv files in this folder)";
    PublishedTag => "公布", "published";
    PublishedHint => "以下数值采用公布的省级账户（其余为模型推算）：", "These figures rest on published provincial accounts (the rest are modelled):";
    SchemeEmployee => "职工医保", "employee scheme";
    SchemeEmployeePooled => "职工医保统筹基金", "employee pooled fund";
    SchemeEmployeeAccounts => "职工医保个人账户", "employee accounts";
    SchemeResident => "居民医保", "resident scheme";
    ItemParticipants => "参保人数", "participants";
    ItemActive => "在职职工", "active employees";
    ItemRetired => "退休人员", "retirees";
    TabRegions => "地区格局（统筹）", "Regions (pooling)";
    MapMetric => "指标", "Metric";
    MapYear => "年份", "Year";
    MapMonths => "可支付月数", "Months of reserve";
    MapPerCapita => "人均支出", "Spending per member";
    MapBackstop => "财政兜底", "Backstop";
    MapNetTransfers => "净调入（调入−调出）", "Net transfers (in − out)";
    MapYuan => "元", "yuan";
    MapYi => "亿元", "100 million yuan";
    MapLegend => "颜色", "Colour";
    MapLegendDiverging => "（红：转出；蓝：转入）", "(red: pays out; blue: receives)";
    MapNoValue => "无数据", "no value";
    IdleSurplus => "同省其他统筹单元闲置结余", "Idle surplus elsewhere in the province";
    TransfersTitle => "统筹与调剂金净调入，按省", "Net pooling and adjustment transfers by province,";
    TransfersLegend => "左（红）：净调出；右（蓝）：净调入。单位：亿元。", "Left (red): net payers; right (blue): net receivers. 100 million yuan.";
    NoTransfers => "该年无统筹或调剂金转移（情景未设置统筹层次或调剂金）。", "No pooling or adjustment transfers this year (the scenario sets no pooling level or adjustment fund).";
    AdjustmentFlows => "（调入 / 调出 / 结存，亿元）", "(in / out / reserve, 100 million yuan)";
    SyntheticNote => "地市单元为合成数据（非真实地市），由随机种子与离散度参数生成。", "The prefecture sub-units are synthetic (not real prefectures), drawn from the seed and dispersion levers.";
}

/// A source citation of the lever catalogue or the data vintage in the UI language. The
/// catalogue writes them in English (with Chinese titles of documents); the Chinese interface
/// shows these translations. A citation without one is shown as written (a test checks that
/// every citation of the catalogue has one).
pub fn source_text(source: &str, lang: Lang) -> &str {
    if lang == Lang::En {
        return source;
    }
    SOURCES_ZH
        .iter()
        .find(|(en, _)| *en == source)
        .map_or(source, |(_, zh)| zh)
}

/// Chinese translations of the catalogue's and the data set's source citations.
const SOURCES_ZH: &[(&str, &str)] = &[
    (
        "国家医保局、财政部、国家税务总局 2022–2025 年度《关于做好城乡居民基本医疗保障工作的通知》(national minimum financing standard; data assets/data/nhsa/resident_scheme_financing_standard.csv); indexed to per-capita income after 2025 (docs/model.md §5)",
        "国家医保局、财政部、国家税务总局 2022–2025 年度《关于做好城乡居民基本医疗保障工作的通知》（全国最低筹资标准；数据 nhsa/resident_scheme_financing_standard.csv）；2025年后随人均可支配收入增长（docs/model.md §5）",
    ),
    ("assumption, docs/model.md", "模型假设，见 docs/model.md"),
    (
        "reform proposal (studies of the funds' sustainable development); docs/model.md §5",
        "改革建议（医保基金可持续发展研究）；docs/model.md §5",
    ),
    (
        "reform proposal (three-step roadmap in studies of the funds' sustainable development); docs/model.md §5",
        "改革建议（医保基金可持续发展研究中的三步走路线图）；docs/model.md §5",
    ),
    (
        "annual national pension adjustments 2023 (3.8 %), 2024 (3 %), 2025 (2 %) by MOHRSS and MOF; 2 % thereafter is an assumption",
        "人力资源社会保障部、财政部全国基本养老金年度调整：2023年3.8%，2024年3%，2025年2%；此后2%为假设",
    ),
    (
        "assumption: about 3,500 yuan a month, the order of the urban employee basic pension in 2022 (flagged in docs/model.md)",
        "假设：约每月3,500元，即2022年城镇职工基本养老金的量级（docs/model.md 已注明）",
    ),
    (
        "国办发〔2021〕14号 (retiree credit about 2 % of the average pension); docs/model.md §5",
        "国办发〔2021〕14号（退休人员个人账户划入约为平均养老金的2%）；docs/model.md §5",
    ),
    (
        "base rates: 中国医疗保障统计年鉴2023, as tabulated in 《从分级治理到央地协同》 Table 4",
        "基准报销比例：《中国医疗保障统计年鉴2023》，据《从分级治理到央地协同》表4",
    ),
    (
        "全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》(2024-09-13), cohort rule turned into calendar years in code (docs/model.md §4)",
        "全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》（2024-09-13），按出生队列的规则在代码中折算为日历年（docs/model.md §4）",
    ),
    ("docs/model.md §6", "模型说明 docs/model.md §6"),
    (
        "RAND Health Insurance Experiment (Manning et al. 1987, AER 77(3)); docs/model.md §5",
        "兰德健康保险实验（Manning 等，1987，AER 77(3)）；docs/model.md §5",
    ),
    (
        "docs/model.md §3 step 9: subsidy tiers by region (simplified; the real tiering has exceptions)",
        "docs/model.md §3 第9步：按地区分档（已简化；实际分档有例外）",
    ),
    (
        "assumption (calibration step 7, docs/model.md §3)",
        "校准假设（校准第7步，docs/model.md §3）",
    ),
    (
        "NHSA 2022 final bulletin · 2023–25 history · UN WPP 2024 · NBS 2022",
        "国家医保局2022年医疗保障事业发展统计公报 · 2023–25年历史年份 · 联合国《世界人口展望2024》· 国家统计局2022年数据",
    ),
    (
        "assumption (docs/model.md §13, near-term cost growth)",
        "假设（docs/model.md §13，近期医疗费用增长）",
    ),
    (
        "assumption (docs/model.md §13, estimated provinces)",
        "假设（docs/model.md §13，估算省份）",
    ),
    (
        "NHSA 2022 final bulletin · UN WPP 2024 · NBS 2022",
        "国家医保局2022年医疗保障事业发展统计公报 · 联合国《世界人口展望2024》· 国家统计局2022年数据",
    ),
];

/// The colon between a name and its value: full-width in Chinese.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

/// A text in parentheses: full-width in Chinese, ASCII in English.
pub fn parens(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Zh => format!("（{text}）"),
        Lang::En => format!("({text})"),
    }
}

/// Replaces each `{}` in `template` with the next argument.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

/// Shorthand: the text of `key` in `lang` with placeholders filled.
pub fn tf(lang: Lang, key: T, args: &[&str]) -> String {
    fill(key.get(lang), args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_in_order() {
        assert_eq!(fill("{}→{}", &["400", "500"]), "400→500");
        assert_eq!(fill("no args", &[]), "no args");
        assert_eq!(fill("{} {}", &["a"]), "a ");
    }

    #[test]
    fn every_source_of_the_catalogue_and_the_data_has_a_chinese_text() {
        let vintage = crate::model::Dataset::embedded()
            .map(|d| d.vintage)
            .unwrap_or_default();
        for source in crate::model::levers::LEVERS
            .iter()
            .map(|d| d.reference)
            .chain([vintage])
        {
            let zh = source_text(source, Lang::Zh);
            assert_ne!(zh, source, "no Chinese text for {source:?}");
            assert!(!zh.contains("assumption"), "{zh}");
            assert_eq!(source_text(source, Lang::En), source);
        }
    }

    #[test]
    fn placeholders_agree_between_languages() {
        // Every key's templates must take the same number of arguments in both languages.
        for &key in T::ALL {
            let zh = key.get(Lang::Zh).matches("{}").count();
            let en = key.get(Lang::En).matches("{}").count();
            assert_eq!(zh, en, "{key:?}");
        }
    }
}
